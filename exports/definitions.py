"""Exports layer, no Streamlit: each indicator's definition of spec/kpis.md, in Vietnamese.

The slides' speaker notes (and any export that explains a figure) read them here, beside the
labels of queries/indicators.py; keys as in kpis.md. "Đến ngày D": for each đơn vị and each
biểu, its latest report with a ngày số liệu up to D.
"""

from __future__ import annotations

from queries import INDICATORS

# words the definitions share (kpis.md "Terms")
STANDALONE = (
    "máy chủ riêng lẻ (máy chủ vật lý hoặc ảo của đơn vị không phải trung tâm tích hợp dữ liệu)"
)
REQUIRED = "đơn vị phải báo cáo (mọi đơn vị trong danh mục đơn vị có nghĩa vụ báo cáo)"
TO_CHANGE = "máy chủ phải xử lý theo phương án (hợp nhất, chuyển lên đám mây hoặc loại bỏ)"
DONE = "đã xử lý (đã hợp nhất về TTTHDL, đã chuyển lên đám mây hoặc đã loại bỏ)"
MIGRATED = "đã chuyển đổi, đã nghiệm thu hoặc đã tắt hệ thống cũ"

DEFINITIONS: dict[str, str] = {
    "plans_submitted_pct": f"Số {REQUIRED} có phương án mới nhất ở trạng thái đã gửi, cần "
    "chỉnh sửa hoặc đã phê duyệt, chia cho số đơn vị phải báo cáo.",
    "plans_approved_pct": "Số đơn vị phải báo cáo có phương án mới nhất đã phê duyệt, chia cho "
    "số đơn vị phải báo cáo.",
    "reported_this_half_pct": "Số đơn vị phải báo cáo có Biểu 01 mới nhất (đến ngày số liệu) "
    "thuộc cùng nửa năm với ngày số liệu (01/01–30/06 hoặc 01/07–31/12), chia cho số đơn vị "
    "phải báo cáo.",
    "servers_baseline": f"Số {STANDALONE} trong lần báo cáo Biểu 01 đầu tiên của mỗi đơn vị "
    "(rà soát hiện trạng quý I/2026), tính mọi hiện trạng.",
    "servers_remaining": "Số máy chủ riêng lẻ đến ngày số liệu đang hoạt động hoặc không sử dụng.",
    "consolidation_pct": f"Số máy chủ riêng lẻ {DONE} trong các {TO_CHANGE}, chia cho số máy chủ "
    "riêng lẻ phải xử lý theo phương án, đến ngày số liệu.",
    "agencies_done": "Số đơn vị phải báo cáo (trừ trung tâm tích hợp dữ liệu) đã có Biểu 01 mà "
    "mọi máy chủ phải xử lý theo phương án đều đã xử lý (đơn vị không có máy chủ phải xử lý "
    "tính là đã hoàn thành).",
    "storage_moved_tb": "Tổng dung lượng lưu trữ (TB) của thiết bị riêng lẻ đã hợp nhất về "
    "TTTHDL hoặc đã chuyển lên đám mây, đến ngày số liệu.",
    "systems_migrated_pct": f"Số hệ thống thông tin (Biểu 03) ở bước {MIGRATED}, chia cho tổng "
    "số hệ thống, đến ngày số liệu.",
    "ndxp_connected_pct": "Số hệ thống đã kết nối Nền tảng tích hợp, chia sẻ dữ liệu quốc gia "
    "(NDXP) hoặc của tỉnh (LGSP), chia cho tổng số hệ thống, đến ngày số liệu.",
    "cloud_share_pct": "Số hệ thống chuyển lên đám mây hoặc Trung tâm Dữ liệu quốc gia và ở "
    f"bước {MIGRATED}, chia cho tổng số hệ thống, đến ngày số liệu.",
    "tslcd_connected_pct": "Số đơn vị phải báo cáo có phương án mới nhất ghi đã kết nối Mạng "
    "truyền số liệu chuyên dùng (TSLCD), chia cho số đơn vị phải báo cáo.",
    "soc_monitored_pct": "Số máy chủ đang hoạt động được giám sát an toàn thông tin tập trung "
    "(SOC), chia cho số máy chủ đang hoạt động (mọi đơn vị, kể cả trung tâm tích hợp dữ liệu).",
    "backup_central_pct": "Số thiết bị (máy chủ, hệ thống lưu trữ) đang hoạt động được sao lưu "
    "tập trung, chia cho số thiết bị đang hoạt động.",
    "annual_cost_baseline_vnd": "Tổng chi phí vận hành/năm của thiết bị riêng lẻ trong lần báo "
    "cáo Biểu 01 đầu tiên của mỗi đơn vị.",
    "savings_realised_vnd": f"Tổng chi phí vận hành/năm của thiết bị riêng lẻ {DONE}, trừ chi "
    "phí thuê hạ tầng tập trung của thiết bị đã hợp nhất hoặc đã chuyển lên đám mây (theo đơn "
    "giá CPU, RAM, lưu trữ một năm do Sở KH&CN công bố).",
    "savings_planned_vnd": "Tổng tiết kiệm dự kiến/năm ghi trong phương án mới nhất của các đơn vị.",
    "agencies_at_risk": "Sau 31/03/2026: số đơn vị phải báo cáo chưa gửi phương án, chưa báo "
    "cáo Biểu 01, hoặc có tỷ lệ hợp nhất máy chủ của đơn vị dưới lộ trình tuyến tính từ 0% "
    "ngày 31/03/2026 đến 100% ngày 31/12/2026. Trước ngày đó: 0.",
}
RULES = (
    "Tỷ lệ làm tròn một chữ số thập phân; “–”: không xác định (mẫu số bằng 0). Mỗi đơn vị "
    "tính theo biểu mới nhất của đơn vị đến ngày số liệu."
)


def definition(key: str) -> str:
    """The indicator's label and definition, one line: "Tiến độ hợp nhất máy chủ: …"."""
    label = next(i.label for i in INDICATORS if i.key == key)
    return f"{label}: {DEFINITIONS[key]}"
