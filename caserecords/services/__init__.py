"""Writes to the child's record: every business rule of the record lives here.

Pages, the API, admin actions, commands and jobs call these functions; they
check who may act, validate, and write atomically. Access to *see* a record is
checked before (access.py); these refuse actions the viewer may not take.
One module per part of the record; everything is importable from here.
"""

from .amendments import amendment_can_decide, amendment_decide, amendment_request
from .approvals import approval_can_decide, approval_decide, approval_submit, approvers
from .children import (
    allocation_change,
    child_close,
    child_create,
    closure_errors,
    legal_status_end,
    legal_status_start,
)
from .chronology import chronology_add_manual, chronology_record, chronology_withdraw
from .common import OBSERVATION_FIELDS, RecordLocked
from .diary import (
    planned_contact_cancel,
    planned_contact_create,
    planned_contact_no_access,
    planned_contact_record,
)
from .documents import DOCUMENT_TYPES, TEXT_TYPE, document_upload
from .observations import observation_complete, observation_create, observation_update
from .oversight import file_read_record, supervision_record, unallocated_report_send

__all__ = [
    "DOCUMENT_TYPES",
    "OBSERVATION_FIELDS",
    "TEXT_TYPE",
    "RecordLocked",
    "allocation_change",
    "amendment_can_decide",
    "amendment_decide",
    "amendment_request",
    "approval_can_decide",
    "approval_decide",
    "approval_submit",
    "approvers",
    "child_close",
    "child_create",
    "chronology_add_manual",
    "chronology_record",
    "chronology_withdraw",
    "closure_errors",
    "document_upload",
    "file_read_record",
    "legal_status_end",
    "legal_status_start",
    "observation_complete",
    "observation_create",
    "observation_update",
    "planned_contact_cancel",
    "planned_contact_create",
    "planned_contact_no_access",
    "planned_contact_record",
    "supervision_record",
    "unallocated_report_send",
]
