import IAMPolicy
import JSON

extension AuditExpectationResult {
    /// `{name, rule, patterns, operations, owner, reason, expires?, source, line, status, expired, expiry?,
    /// summary, findings}` (`fixtures/schemas/audit-report.schema.json`, `$defs.expectation`).
    public var json: JSONOutput {
        var members: [(String, JSONOutput)] = [
            ("name", .string(expectation.name)),
            ("rule", .string(expectation.rule.keyword)),
            ("patterns", .strings(expectation.rule.patterns)),
            ("operations", .strings(expectation.columns)),
            ("owner", .string(expectation.owner)),
            ("reason", .string(expectation.reason)),
        ]
        if let expires = expectation.expires { members.append(("expires", .string(expires.description))) }
        members += [
            ("source", .string(expectation.source)),
            ("line", .int(expectation.line)),
            ("status", .string(status.rawValue)),
            ("expired", .bool(expired)),
        ]
        if let expiry = ReportSentences.expectationExpiry(self) { members.append(("expiry", .string(expiry))) }
        members.append(("summary", .string(ReportSentences.expectationRule(expectation))))
        members.append(("findings", .array(findings.map { $0.json(of: expectation) })))
        return .object(members)
    }
}

extension AuditExpectationFinding {
    /// `{kind, breaks, principal?, operation?, verdict?, blockedBy, conditions, summary}`.
    func json(of expectation: AuditExpectation) -> JSONOutput {
        var members: [(String, JSONOutput)] = [("kind", .string(kind.rawValue)), ("breaks", .bool(breaks))]
        if let principal { members.append(("principal", .string(principal))) }
        if let column { members.append(("operation", .string(column))) }
        if let verdict { members.append(("verdict", .string(verdict.rawValue))) }
        members.append(("blockedBy", .strings(blockedBy.map(\.rawValue))))
        members.append(("conditions", .array(conditions.map(\.json))))
        if kind == .escalation {
            if let escalation { members.append(("path", .string(escalation.rawValue))) }
            if let via { members.append(("via", .string(via))) }
            if let hopVerdict { members.append(("hopVerdict", .string(hopVerdict.rawValue))) }
            if let roleVerdict { members.append(("roleVerdict", .string(roleVerdict.rawValue))) }
        }
        members.append(("summary", .string(ReportSentences.expectationFinding(self, of: expectation))))
        return .object(members)
    }
}
