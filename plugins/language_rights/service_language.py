"""LANG-SERVICE-LANGUAGE: clients served in a language other than the one they chose, without an interpreter."""

from __future__ import annotations

from avi_valvonta.api import (
    AuditContext,
    CheckMeta,
    ClientHistory,
    Evidence,
    NotApplicable,
    Severity,
    StreamingCheck,
    Tally,
    Text,
    fdate,
)

META = CheckMeta(
    id="LANG-SERVICE-LANGUAGE",
    area="language_rights",
    title=Text(
        "Asiakasta palveltiin muulla kuin hänen valitsemallaan kielellä ilman tulkkausta",
        "Klienten betjänades på ett annat språk än det klienten valt, utan tolkning",
    ),
    legal_basis=(
        "kielilaki 423/2003 10 §",
        "kielilaki 423/2003 12 §",
        "kielilaki 423/2003 18 §",
        "380/2023 19 §",
    ),
    severity=Severity.HIGH,
    unit="clients",
)
PROVISION = "client_language"


def not_binding_reason() -> Text:
    return Text(
        "kunta on yksikielinen: suomen ja ruotsin kieltä koskevat säännöt sitovat asiakkaan omassa asiassa vain "
        "kaksikielisiä kuntia 31.12.2024 asti, kaikkia työvoimaviranomaisia 1.1.2025 alkaen (380/2023 19 §)",
        "kommunen är enspråkig: reglerna om finska och svenska binder i klientens eget ärende endast tvåspråkiga "
        "kommuner till och med 31.12.2024, alla arbetskraftsmyndigheter från 1.1.2025 (380/2023 19 §)",
    )


class ServiceLanguage(StreamingCheck):
    meta = META

    def __init__(self, ctx: AuditContext) -> None:
        super().__init__(ctx)
        if not ctx.law.provision_reaches(PROVISION, ctx.period_start, ctx.period_end, ctx.unit):
            raise NotApplicable(not_binding_reason())
        self.tally = Tally(META)
        self.bases: dict[str, None] = {}

    def visit_client(self, history: ClientHistory) -> None:
        ctx, c = self.ctx, history.client
        if not c.is_municipality_client or c.service_language not in ("fi", "sv"):
            return
        counted = False
        for e in history.events:
            if e.language is None or not ctx.in_period(e.date):
                continue
            period = ctx.law.provision_on(PROVISION, e.date, ctx.unit)
            if period is None:
                continue
            counted = True
            for b in period.basis:
                self.bases[b] = None
            if e.language != c.service_language and not e.interpreter:
                self.tally.fail(
                    c.client_id,
                    Evidence(
                        Text(
                            f"{fdate(e.date)} {e.type}: kieli {e.language}, asiointikieli {c.service_language}, "
                            "ei tulkkausta",
                            f"{fdate(e.date)} {e.type}: språk {e.language}, ärendespråk {c.service_language}, "
                            "ingen tolkning",
                        ),
                        client_id=c.client_id,
                        event_id=e.event_id,
                        line=e.line,
                        data={"language": e.language, "service_language": c.service_language},
                    ),
                )
        if counted:
            self.tally.checked()

    def finish(self):  # type: ignore[no-untyped-def]
        result = self.tally.result()
        if self.bases:
            result.legal_basis = tuple(self.bases)
        return result
