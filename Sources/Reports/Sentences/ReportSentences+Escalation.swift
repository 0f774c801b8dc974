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
            return "\(who) \(may) have EC2 run as \(role) through an Image Builder build (iam:PassRole to "
                + "ec2.amazonaws.com in an infrastructure configuration, then a component, a recipe and an image)"
        }
    }

    /// `delete_resource (the role: allowed; user/grace itself: denied)`, one per operation gained.
    public static func gained(_ escalation: AuditEscalation) -> [String] {
        escalation.gained.map { gain in
            "\(gain.column) (the role: \(gain.roleVerdict.rawValue); \(escalation.principalShortName) itself: "
                + "\(gain.principalVerdict.rawValue))"
        }
    }

    /// The hop in words: each request's sentence (a service's request says which service makes it), then, for the
    /// Image Builder path, what is known of the role's instance profiles.
    public static func escalationSteps(_ escalation: AuditEscalation) -> [String] {
        var sentences = escalation.steps.map { step -> String in
            let sentence = outcome(step.outcome)
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
