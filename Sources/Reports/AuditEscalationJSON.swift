import IAMPolicy
import JSON

/// The audit report's `escalations` member (README, `fixtures/schemas/audit-report.schema.json`): one object per
/// escalation, `{path, principal, type, account, reaches, verdict, gained, steps, requests, instanceProfiles?}`.
enum AuditEscalationJSON {
    /// Every escalation of `report`, each deciding statement named by its policy (the principal's own names for its
    /// policies, the role's trust policy for a resource-based statement).
    static func array(_ report: AuditReport) -> JSONOutput {
        guard !report.escalations.isEmpty else { return .array([]) }
        let principals = Dictionary(report.principals.map { ($0.arn, $0) }, uniquingKeysWith: { first, _ in first })
        return .array(report.escalations.map { json($0, principal: principals[$0.principal]) })
    }

    static func json(_ escalation: AuditEscalation, principal: AuditedPrincipal?) -> JSONOutput {
        var members: [(String, JSONOutput)] = [
            ("path", .string(escalation.path.rawValue)),
            ("principal", .string(escalation.principal)),
            ("type", .string(escalation.type.rawValue)),
            ("account", .string(escalation.account)),
            ("reaches", .string(escalation.reaches)),
            ("verdict", .string(escalation.verdict.rawValue)),
            (
                "gained",
                .array(
                    escalation.gained.map { gain in
                        .object([
                            ("operation", .string(gain.column)),
                            ("principalVerdict", .string(gain.principalVerdict.rawValue)),
                            ("roleVerdict", .string(gain.roleVerdict.rawValue)),
                        ])
                    })
            ),
            ("steps", .strings(ReportSentences.escalationSteps(escalation).map(ReportEvidence.displayable))),
            ("requests", .array(escalation.steps.map { step($0, escalation: escalation, principal: principal) })),
        ]
        if escalation.path == .imageBuilderInstanceProfile {
            members.append(("instanceProfiles", escalation.instanceProfiles.map { .strings($0) } ?? .null))
        }
        return .object(members)
    }

    /// `{caller, action, resource, context, verdict, decision, blockedBy, decidingStatements, conditions,
    /// missingContextKeys, summary}`.
    static func step(
        _ step: AuditEscalationStep, escalation: AuditEscalation, principal: AuditedPrincipal?
    ) -> JSONOutput {
        let outcome = step.outcome
        let caller: String
        switch step.caller {
        case .principal: caller = escalation.principal
        case .service(let service): caller = service
        }
        var members: [(String, JSONOutput)] = [
            ("caller", .string(caller)),
            ("action", .string(outcome.request.action)),
            ("resource", .string(outcome.request.resource.description)),
            (
                "context",
                .object(
                    outcome.request.context.sorted { $0.key < $1.key }.map { key, value in
                        (key, value.isSet ? .strings(value.values) : .string(value.values.first ?? ""))
                    })
            ),
            ("verdict", .string((outcome.verdict ?? .allowed).rawValue)),
        ]
        if let decision = outcome.decision {
            members.append(("decision", .string(decision.decision.rawValue)))
            members.append(("blockedBy", .strings(decision.blockedBy.map(\.rawValue))))
            members.append(
                (
                    "decidingStatements",
                    .array(
                        ReportSentences.escalationDecidingStatements(outcome).map { statement in
                            guard case .object(let fields) = statement.json else { return statement.json }
                            let policy =
                                statement.policyType == .resource
                                ? "trust policy of \(escalation.reaches)"
                                : (principal?.policy(of: statement) ?? statement.source)
                            return .object(fields + [("policy", .string(policy))])
                        })
                ))
            members.append(("conditions", .array(decision.conditions.map(\.json))))
            members.append(("missingContextKeys", .strings(decision.missingContextKeys)))
            if let rule = decision.rule { members.append(("rule", .string(rule.rawValue))) }
        } else {
            members.append(("decision", .string("notEvaluated")))
        }
        members.append(("summary", .string(ReportEvidence.displayable(ReportSentences.escalationStep(outcome)))))
        return .object(members)
    }
}
