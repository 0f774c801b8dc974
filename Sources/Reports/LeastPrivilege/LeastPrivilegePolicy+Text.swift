import Catalog

extension LeastPrivilegePolicy {
    /// The policy document followed by a short commentary: which requests each statement is there for, which
    /// requests were left out and why, and what to narrow before use.
    public var text: String {
        var lines: [String] = [json.rendered(), "", "What each statement allows, and for which request:"]
        for statement in statements {
            lines.append("  \(statement.sid)")
            var seen: Set<String> = []
            for covered in statement.covers {
                let line =
                    "    - \(Self.label(covered)): \(covered.request.action) on \(covered.request.resource)"
                    + " (\(Self.why(covered.request)))"
                if seen.insert(line).inserted { lines.append(line) }
            }
        }
        if !skipped.isEmpty {
            lines += ["", "Left out (not made for these statements):"]
            for covered in skipped {
                guard case .notNeeded(let why) = covered.request.necessity else { continue }
                lines.append(
                    "  - \(Self.label(covered)): \(covered.request.action) — \(ReportSentences.notNeeded(why))")
            }
        }
        let advice = advice
        if !advice.isEmpty {
            lines += ["", "Before use:"] + advice.map { "  - \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What to narrow by hand: a role that can be passed wherever, and regions or accounts left as `*`.
    var advice: [String] {
        var advice: [String] = []
        for statement in statements where statement.actions.contains(where: { $0.lowercased() == "iam:passrole" }) {
            for resource in statement.resources where resource.contains("*") {
                advice.append(
                    "\(statement.sid) lets the principal pass any role matching '\(resource)': narrow it to the "
                        + "real execution role")
            }
        }
        let arns = statements.flatMap(\.resources).filter { $0.hasPrefix("arn:") }
        let parts = arns.map { $0.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false) }
        if parts.contains(where: { $0.count == 6 && $0[3] == "*" && $0[2] != "iam" }) {
            advice.append("the region is '*': give --region (or a statement's region) to narrow it")
        }
        if parts.contains(where: { $0.count == 6 && $0[4] == "*" }) {
            advice.append("the account is '*': give --account to narrow it")
        }
        return advice
    }

    /// `create_resource` or `create_resource (deploy.iql:3)`.
    private static func label(_ covered: CoveredRequest) -> String {
        guard let statement = covered.statement else { return covered.operation }
        return "\(covered.operation) (\(statement.source):\(statement.location.line))"
    }

    private static func why(_ request: RequiredRequest) -> String {
        let reason = ReportSentences.requestReason(request.reason)
        if case .situational(let situation) = request.necessity {
            return "\(reason); \(ReportSentences.situation(situation))"
        }
        return reason
    }
}
