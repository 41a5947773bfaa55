"""Case bundles (case-bundle.md): load, validate, and hold one in a private working store while it is audited."""

from avi_valvonta.bundle.loader import Bundle, BundleMeta, CellIdentityCode, load_bundle, read_meta
from avi_valvonta.bundle.store import WorkStore

__all__ = ["Bundle", "BundleMeta", "CellIdentityCode", "WorkStore", "load_bundle", "read_meta"]
