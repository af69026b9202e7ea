"""Accounts and roles: who may read, upload, roll back and manage accounts. No Streamlit here.

`roles` says what each role may do, `passwords` hashes with argon2, `store` keeps local
accounts in the database's `users` table (every change through `db.write`), `throttle` limits
failed sign-ins across the app's processes, `cli` is `python -m loaders user …`.
"""
