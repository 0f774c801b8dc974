import IAMPolicy

extension ReportSentences {
    /// `broken`, `undetermined, expired`…: the status, and `expired` when it is.
    public static func expectationStatus(_ result: AuditExpectationResult) -> String {
        result.status.rawValue + (result.expired ? ", expired" : "")
    }

    /// `only role/deploy-* may delete_resource` / `role/ci must be allowed get_resource, list_resources`.
    public static func expectationRule(_ expectation: AuditExpectation) -> String {
        let operations = expectation.columns.joined(separator: ", ")
        switch expectation.rule {
        case .only(let patterns):
            if patterns.isEmpty { return "nobody may \(operations)" }
            return "only \(patternList(patterns)) may \(operations)"
        case .must(let patterns):
            return "\(patternList(patterns)) must be allowed \(operations)"
        }
    }

    /// `expired on 2026-01-31: its owner platform@example.com must renew or remove it`.
    public static func expectationExpiry(_ result: AuditExpectationResult) -> String? {
        guard result.expired, let expires = result.expectation.expires else { return nil }
        return "expired on \(expires): its owner \(result.expectation.owner) must renew or remove it"
    }

    /// One sentence: why this finding breaks the expectation or leaves it undecided.
    public static func expectationFinding(_ finding: AuditExpectationFinding, of expectation: AuditExpectation)
        -> String
    {
        let who = finding.principal.map(shortPrincipal) ?? ""
        let column = finding.column ?? ""
        let patterns = patternList(expectation.rule.patterns)
        switch finding.kind {
        case .allowed:
            let allowedOnly = expectation.rule.patterns.isEmpty ? "nobody may" : "only \(patterns) may"
            return "\(who) is allowed \(column), which \(allowedOnly)"
        case .denied:
            let blocked =
                finding.blockedBy.isEmpty
                ? "" : " (blocked by \(finding.blockedBy.map(\.displayName).joined(separator: ", ")))"
            return "\(who) is denied \(column)\(blocked), but it matches \(patterns), which must be allowed"
        case .undetermined:
            let subject = "\(who): \(column) is undetermined"
            guard !finding.conditions.isEmpty else { return subject + " (see the matrix's reasons)" }
            return subject + ": allowed only if " + conditionSentence(finding.conditions)
        case .unresolved:
            switch expectation.rule {
            case .only: return "\(who) could not be resolved, so it may be allowed what \(onlyWho(expectation)) may"
            case .must:
                return "\(who) matches \(patterns) but could not be resolved, so whether it is allowed is unknown"
            }
        case .noPrincipal:
            return "no audited user or role matches \(patterns)"
        case .escalation:
            let role = finding.via.map(shortPrincipal) ?? "a role"
            let how = finding.escalation == .imageBuilderInstanceProfile ? "having an image build run as" : "assuming"
            let hop = finding.hopVerdict == .allowed ? "" : " (the hop is undetermined)"
            let roleCell = finding.roleVerdict == .allowed ? "is allowed" : "may be allowed (undetermined)"
            let allowedOnly = expectation.rule.patterns.isEmpty ? "nobody may" : "only \(patterns) may"
            return "\(who) can act as \(role) by \(how) it\(hop), and \(role) \(roleCell) \(column), which "
                + allowedOnly
        }
    }

    /// `role/ci` from `arn:aws:iam::111122223333:role/ci`; the text itself when it is not an ARN.
    public static func shortPrincipal(_ arn: String) -> String {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        return parts.count == 6 ? String(parts[5]) : arn
    }

    /// `role/deploy-*`, `role/a or role/b`, `role/a, role/b or role/c`.
    static func patternList(_ patterns: [String]) -> String {
        guard let last = patterns.last else { return "no principal" }
        if patterns.count == 1 { return last }
        return patterns.dropLast().joined(separator: ", ") + " or " + last
    }

    private static func onlyWho(_ expectation: AuditExpectation) -> String {
        expectation.rule.patterns.isEmpty ? "nobody" : "only " + patternList(expectation.rule.patterns)
    }
}
