import IAMPolicy
import JSON

/// The audit's escalations in SARIF: one result per escalation under the rule `iamgate/escalation` (level `error` for
/// an allowed hop, `warning` for an undetermined one), located at the principal's statement that lets it take the hop
/// (else the first deciding statement in a file), the other deciding statements as related locations.
enum AuditEscalationSARIF {
    static let ruleID = "iamgate/escalation"
    /// After the check's rules (`SARIFReport.Rule`) and the expectations' (`AuditExpectationSARIF.Rule`) in the
    /// driver's list.
    static let ruleIndex = SARIFReport.Rule.allCases.count + AuditExpectationSARIF.Rule.allCases.count
    static let fingerprintKey = "iamgateEscalation/v1"

    static var rule: JSONOutput {
        let help =
            "Narrow the statement the result points at (the principal's sts:AssumeRole or iam:PassRole), or the "
            + "role's trust policy, or take from the role the permissions the principal should not have. "
            + "`iamgate audit -v` prints every request of the hop and the statements that decided it."
        return .object([
            ("id", .string(ruleID)),
            ("name", .string("EscalationPath")),
            (
                "shortDescription",
                .object([("text", .string("The principal can act as a role that may do more than it may."))])
            ),
            (
                "fullDescription",
                .object([
                    (
                        "text",
                        .string(
                            "In one hop — sts:AssumeRole (its own policies and the role's trust policy both allow "
                                + "it), or Image Builder's instance-profile path (iam:PassRole of the role to EC2 and "
                                + "the component, recipe, infrastructure configuration and image create requests) — "
                                + "the principal gains the role's permissions, including operations it is denied.")
                    )
                ])
            ),
            ("defaultConfiguration", .object([("level", .string("error"))])),
            ("helpUri", .string(SARIFReport.informationURI)),
            ("help", .object([("text", .string(help)), ("markdown", .string(help))])),
            ("properties", .object([("tags", .strings(["security", "iam", "privilege-escalation"]))])),
        ])
    }

    static func results(_ report: AuditReport) -> [JSONOutput] {
        report.escalations.map { escalation in
            let statements = escalation.steps.flatMap { step in
                ReportSentences.escalationDecidingStatements(step.outcome).filter {
                    ReportEvidence.isFile($0.source)
                }
            }
            var seen: Set<StatementReference> = []
            let unique = statements.filter { seen.insert($0).inserted }
            let primary = unique.first { $0.policyType != .resource } ?? unique.first
            var members: [(String, JSONOutput)] = [
                ("ruleId", .string(ruleID)),
                ("ruleIndex", .int(ruleIndex)),
                ("kind", .string("fail")),
                ("level", .string(escalation.verdict == .allowed ? "error" : "warning")),
                ("message", .object([("text", .string(message(escalation)))])),
            ]
            let primaryLocation: JSONOutput
            if let primary {
                primaryLocation = SARIFReport.location(
                    path: primary.source, line: primary.location?.line, column: primary.location?.column,
                    message: "\(ReportSentences.escalationLabel(primary)) lets \(escalation.principalShortName) take "
                        + "the hop")
            } else {
                primaryLocation = .object([
                    (
                        "logicalLocations",
                        .array([
                            .object([
                                ("name", .string(escalation.principal)),
                                ("fullyQualifiedName", .string("\(escalation.principal) → \(escalation.reaches)")),
                                ("kind", .string("member")),
                            ])
                        ])
                    ),
                    ("message", .object([("text", .string("no policy file holds the statements that decided"))])),
                ])
            }
            members.append(("locations", .array([primaryLocation])))
            let related = unique.filter { $0 != primary }.enumerated().map { index, statement in
                SARIFReport.location(
                    id: index + 1, path: statement.source, line: statement.location?.line,
                    column: statement.location?.column,
                    message: statement.policyType == .resource
                        ? "\(ReportSentences.escalationLabel(statement)) of \(escalation.reachesShortName)"
                        : ReportSentences.escalationLabel(statement))
            }
            if !related.isEmpty { members.append(("relatedLocations", .array(related))) }
            let key = [escalation.principal, escalation.path.rawValue, escalation.reaches].joined(separator: "\u{1F}")
            members.append(("partialFingerprints", .object([(fingerprintKey, .string(SARIFReport.fingerprint(key)))])))
            members.append(
                (
                    "properties",
                    .object([
                        ("path", .string(escalation.path.rawValue)),
                        ("principal", .string(escalation.principal)),
                        ("reaches", .string(escalation.reaches)),
                        ("verdict", .string(escalation.verdict.rawValue)),
                        ("gained", .strings(escalation.gained.map(\.column))),
                    ])
                ))
            return .object(members)
        }
    }

    /// `user/grace may assume role/deploy-images (allowed): gains update_resource (…), …; sts:AssumeRole on … is
    /// allowed by …`.
    static func message(_ escalation: AuditEscalation) -> String {
        let gains = ReportSentences.gained(escalation).joined(separator: ", ")
        let steps = ReportSentences.escalationSteps(escalation).joined(separator: "; ")
        return ReportEvidence.displayable(
            "\(ReportSentences.escalation(escalation)) (\(escalation.verdict.rawValue)): gains \(gains); \(steps)")
    }
}
