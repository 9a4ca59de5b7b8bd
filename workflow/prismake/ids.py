"""Identifiers that human sheets refer to, so they must never shift.

``record_id`` names one raw record of one export (the importer builds it from the source id and
the database's accession number, or a content hash). ``study_id`` names one duplicate cluster: it
is derived from the cluster's *anchor*, the record that came first (earliest search round, then
smallest record id). Records added by a later search round never become the anchor of an existing
cluster, so existing study ids survive search updates; splitting a cluster keeps the id on the
part that holds the anchor, and every other cluster keeps its id whatever happens elsewhere.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

STUDY_ID_PREFIX = "S"
STUDY_ID_HEX = 12


def anchor_record(members: Iterable[tuple[int, str]]) -> str:
    """The anchor of a cluster given its members as ``(search_round, record_id)`` pairs."""
    return min(members)[1]


def study_id_for(anchor_record_id: str) -> str:
    """The study id of the cluster whose anchor is ``anchor_record_id``.

    >>> study_id_for("medline:12345678")
    'S521077ca2b34'
    """
    digest = hashlib.sha256(anchor_record_id.encode("utf-8")).hexdigest()
    return STUDY_ID_PREFIX + digest[:STUDY_ID_HEX]


def study_id(members: Iterable[tuple[int, str]]) -> str:
    """The study id of a cluster given its members as ``(search_round, record_id)`` pairs."""
    return study_id_for(anchor_record(members))
