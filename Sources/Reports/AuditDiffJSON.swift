import JSON

/// `iamgate audit diff --format json`: the audit-diff contract (README, `fixtures/schemas/audit-diff.schema.json`).
public enum AuditDiffJSON {
    /// The contract's version, the diff's first member.
    public static let schemaVersion = 1

    public static func render(_ diff: AuditDiff) -> String {
        json(diff).rendered(pretty: true) + "\n"
    }

    public static func json(_ diff: AuditDiff) -> JSONOutput {
        .object([
            ("schemaVersion", .int(schemaVersion)),
            ("resource", .string(diff.resource)),
            ("old", side(diff.old)),
            ("new", side(diff.new)),
            ("sameInputs", .bool(diff.sameInputs)),
            ("operations", .strings(diff.columns)),
            (
                "notCompared",
                .object([("old", .strings(diff.columnsOnlyInOld)), ("new", .strings(diff.columnsOnlyInNew))])
            ),
            (
                "inputs",
                .object([("onlyInOld", .strings(diff.inputsOnlyInOld)), ("onlyInNew", .strings(diff.inputsOnlyInNew))])
            ),
            ("differences", .strings(ReportSentences.auditDiffInputs(diff))),
            ("gained", .array(diff.gained.map(change))),
            ("lost", .array(diff.lost.map(change))),
            ("principalsAdded", .array(diff.added.map(principal))),
            ("principalsRemoved", .array(diff.removed.map(principal))),
            ("newErrors", .array(diff.newErrors.map(\.json))),
            (
                "totals",
                .object([
                    ("gained", .int(diff.gained.count)),
                    ("lost", .int(diff.lost.count)),
                    ("unchanged", .int(diff.unchanged)),
                    ("principalsAdded", .int(diff.added.count)),
                    ("principalsRemoved", .int(diff.removed.count)),
                    ("newErrors", .int(diff.newErrors.count)),
                ])
            ),
        ])
    }

    /// `{file, mode, operations, accounts, principals, errors}`.
    static func side(_ side: AuditDiff.Side) -> JSONOutput {
        .object([
            ("file", .string(side.path)),
            ("mode", .string(side.mode.rawValue)),
            ("operations", .strings(side.columns)),
            ("accounts", .strings(side.accounts)),
            ("principals", .int(side.principalCount)),
            ("errors", .int(side.errorCount)),
        ])
    }

    /// `{principal, type, account, operation, before, after}`.
    static func change(_ change: AuditDiffChange) -> JSONOutput {
        .object([
            ("principal", .string(change.principal.arn)),
            ("type", .string(change.principal.type.rawValue)),
            ("account", .string(change.principal.account)),
            ("operation", .string(change.column)),
            ("before", .string(change.before.rawValue)),
            ("after", .string(change.after.rawValue)),
        ])
    }

    /// `{principal, type, account}`.
    static func principal(_ principal: AuditDiffPrincipal) -> JSONOutput {
        .object([
            ("principal", .string(principal.arn)),
            ("type", .string(principal.type.rawValue)),
            ("account", .string(principal.account)),
        ])
    }
}
