import IAMPolicy

/// What the audit's reports say about an escalation (`AuditEscalation`), rendered from its data.
extension ReportSentences {
    /// `user/grace may assume role/deploy-images`, or `user/henry may have EC2 run as role/imagebuilder-instance
    /// through an Image Builder build`.
    public static func escalation(_ escalation: AuditEscalation) -> String {
        let who = escalation.principalShortName
        let role = escalation.reachesShortName
        let may = escalation.verdict == .allowed ? "may" : "may perhaps"
        switch escalation.path {
        case .assumeRole:
            return "\(who) \(may) assume \(role)"
        case .imageBuilderInstanceProfile:
            return "\(who) \(may) have EC2 run as \(role) in an Image Builder build"
        }
    }

    /// `delete_resource: denied → allowed` (the principal's own verdict, then the role's), one per operation gained.
    public static func gained(_ escalation: AuditEscalation) -> [String] {
        escalation.gained.map { gain in
            "\(gain.column): \(gain.principalVerdict.rawValue) → \(gain.roleVerdict.rawValue)"
        }
    }

    /// The hop in words: each request's sentence (a service's request says which service makes it), then, for the
    /// Image Builder path, what is known of the role's instance profiles.
    public static func escalationSteps(_ escalation: AuditEscalation) -> [String] {
        var sentences = escalation.steps.map { step -> String in
            let sentence = escalationStep(step.outcome)
            switch step.caller {
            case .principal: return sentence
            case .service(let service): return "\(service): \(sentence)"
            }
        }
        if escalation.path == .imageBuilderInstanceProfile {
            sentences.append(instanceProfiles(escalation.instanceProfiles, role: escalation.reachesShortName))
        }
        return sentences
    }

    /// One request of a hop: the check's sentence, naming every `Allow` that applied — the principal's and the role's
    /// trust policy's, since assuming a role needs both (`reference_policies_evaluation-logic.md`).
    static func escalationStep(_ step: RequestOutcome) -> String {
        guard let decision = step.decision, decision.decision == .allowed else { return outcome(step) }
        let allows = decision.matchedStatements.filter { $0.effect == .allow }
        guard !allows.isEmpty else { return outcome(step) }
        let labels = allows.map(escalationLabel).joined(separator: " and ")
        if decision.isConditional { return outcome(step) + "; the statements that allow it: \(labels)" }
        return "\(step.request.action) on \(step.request.resource) is allowed by \(labels)"
    }

    /// `identity[0] statement 0 (Sid "AssumeDeployRoles")`, or `the trust policy's statement 0` for the role's trust
    /// policy (the request's resource-based policy).
    public static func escalationLabel(_ statement: StatementReference) -> String {
        guard statement.policyType == .resource else { return statement.label }
        return "the trust policy's statement \(statement.statementIndex)"
            + (statement.sid.map { " (Sid \"\($0)\")" } ?? "")
    }

    /// The statements that decided a request of a hop: for an allowed request, every `Allow` that applied (the
    /// principal's and the trust policy's) and the statements holding its unknown conditions; otherwise the check's
    /// deciding statements.
    public static func escalationDecidingStatements(_ step: RequestOutcome) -> [StatementReference] {
        guard let decision = step.decision, decision.decision == .allowed else {
            return ReportEvidence.decidingStatements(step)
        }
        var seen: Set<StatementReference> = []
        return (decision.matchedStatements.filter { $0.effect == .allow } + decision.conditions.map(\.statement))
            .filter { seen.insert($0).inserted }
    }

    /// Whether EC2 can run as the role: the instance profiles that hold it, or that the details do not say.
    static func instanceProfiles(_ profiles: [String]?, role: String) -> String {
        guard let profiles else {
            return "the authorization details do not list the instance profiles of \(role) (no InstanceProfileList), "
                + "so whether an EC2 instance can run as it is not known"
        }
        let names = profiles.map { "'\($0)'" }.joined(separator: ", ")
        return "\(role) is in instance profile\(profiles.count == 1 ? "" : "s") \(names), which an infrastructure "
            + "configuration names"
    }

    /// A statement that decided a step, with the policy it is in: the role's trust policy for a resource-based
    /// statement, else `policy` (the principal's name for it, when known).
    public static func escalationStatement(
        _ statement: StatementReference, escalation: AuditEscalation, policy: String?
    ) -> String {
        let owner =
            statement.policyType == .resource ? "trust policy of \(escalation.reachesShortName)" : (policy ?? "")
        let described = ReportEvidence.describe(statement)
        return ReportEvidence.displayable(owner.isEmpty ? described : "\(owner): \(described)")
    }
}
