"""The data layer: a new database holds the reference tables and nothing else."""

import db


def test_new_database_has_reference_data_and_no_rows(tmp_path):
    con = db.connect(tmp_path / "new.duckdb")
    counts = dict(con.sql("select kind, count(*) from agencies group by kind").fetchall())
    assert counts == {"department": 15, "police": 1, "data_centre": 2, "commune": 99}
    assert con.sql("select count(*) from communes").fetchall() == [(99,)]
    assert con.sql("select code from communes where name = 'Kinh Bắc'").fetchall() == [("09187",)]
    for table in db.DATA_TABLES + ("uploads",):
        assert con.sql(f"select count(*) from {table}").fetchall() == [(0,)]
    con.close()
