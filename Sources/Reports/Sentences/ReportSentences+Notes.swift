import IAMPolicy

extension ReportSentences {
    /// `identity policy policies/ci.json`, `managed policy arn:… v3 (default)`, `SCP level 0 (root): scp.json`.
    public static func policyLine(_ line: PolicyLine) -> String {
        switch line {
        case .identityPolicyFile(let path, let added):
            return "identity policy \(path)" + (added ? " (added to the simulation)" : "")
        case .permissionsBoundaryFile(let path, let replacing):
            switch replacing {
            case .none: return "permissions boundary \(path)"
            case .account: return "permissions boundary \(path) (replaces the account's)"
            case .attachedInSimulation:
                return "permissions boundary \(path) (replaces the attached one in the simulation)"
            }
        case .sessionPolicyFile(let path):
            return "session policy \(path)"
        case .resourcePolicyFile(let path):
            return "resource-based policy \(path)"
        case .endpointPolicyFile(let path):
            return "VPC endpoint policy \(path)"
        case .organizationLevel(let type, let level, let files):
            return "\(type == .rcp ? "RCP" : "SCP") level \(level)\(level == 0 ? " (root)" : ""): \(files)"
        case .fetchedOrganizationLevel(let type, let level, let label, let policies):
            return "\(type == .rcp ? "RCP" : "SCP") level \(level) (\(label)): "
                + (policies.isEmpty ? "none attached" : policies.joined(separator: ", "))
        case .noIdentityPolicy:
            return "no identity-based policy: nothing is allowed unless a resource policy grants it"
        case .inlinePolicy(let name, .user):
            return "inline policy '\(name)' (user)"
        case .inlinePolicy(let name, .role):
            return "inline policy '\(name)' (role)"
        case .inlinePolicy(let name, .group(let group)):
            return "group '\(group)' inline policy '\(name)'"
        case .managedPolicy(let arn, let version, let group):
            return (group.map { "group '\($0)' " } ?? "") + "managed policy \(arn) \(version) (default)"
        case .permissionsBoundary(let arn, let version):
            return "permissions boundary \(arn) \(version) (default)"
        case .simulatedPrincipal(let arn):
            return "AWS simulated the policies of \(arn) (iam SimulatePrincipalPolicy)"
        }
    }

    /// One note of a report, a sentence.
    public static func note(_ note: ReportNote) -> String {
        switch note {
        case .organization(let organization):
            return self.organization(organization)
        case .unknownContextKeys:
            return "context keys the check cannot know (source IP, MFA, resource tags…) are treated as unknown: a "
                + "decision that depends on them is undetermined and names the conditions"
        case .sessionSimulatedAsRole(let role, let session):
            return "AWS simulates the role \(role) for the session \(session): session policies and session tags are "
                + "not part of its answer"
        case .rolePathUnknown(let assumed, .getRole(let code)):
            return "the role's path is unknown (iam GetRole: \(code ?? "no answer")); assuming \(assumed)"
        case .rolePathUnknown(let assumed, .other(let failure)):
            return "the role's path is unknown (\(failure)); assuming \(assumed)"
        case .partlyKnownResourcesSimulated:
            return "AWS's simulator matches a partly known ARN (its unknown parts sent as *) as literal text, so its "
                + "answer there does not hold for every resource the ARN stands for: those requests are "
                + "undetermined; name the resource (e.g. the statement's Identifier), or use --from-account or "
                + "--compare for an analysis of every ARN it can be"
        case .simulatorLimits:
            return "AWS's simulator evaluates the principal's identity policies, permissions boundary and the "
                + "organization's SCPs; it takes no session policy, RCP or VPC endpoint policy, and a resource policy "
                + "only for IAM users"
        case .deploymentStatements(let command, let project, let environment, let both):
            return "the statements a stackql-deploy \(command) of '\(project)'"
                + (environment.map { " (environment \($0))" } ?? " (no --env)") + " would run, in order"
                + (both
                    ? "; create and update both depend on what the exists check finds when the build runs, so both "
                        + "are checked" : "")
        case .deploymentPlan(let note):
            return planNote(note)
        case .queryHoldsNoStatement(let file, let line, let resource, let anchor):
            return "\(file):\(line) (\(resource).\(anchor)) holds no statement"
        case .statementReadsNoTable(let file, let line, let resource, let anchor):
            return "\(file):\(line) (\(resource).\(anchor)) reads no table, so it needs no permission"
        case .unknownBeforeRun(let reason, let names):
            return "unknown before the run (\(unknownCause(reason))): "
                + names.map { "{{ \($0) }}" }.joined(separator: ", ")
        }
    }
}

extension ReportSentences {
    /// What a report says about the organization's SCPs and RCPs.
    public static func organization(_ note: ReportNote.OrganizationNote) -> String {
        switch note {
        case .notEnabled(let what, let organization, let account):
            return "\(what) are not enabled in \(organization) (ListRoots): none apply to account \(account)"
        case .read(let what, let organization, let chain, let state):
            var text = "\(what) of \(organization) were read for \(chain) and added to the evaluation"
            if let state { text += " (the root says \(state): they were applied, as they may be in force)" }
            return text
        case .managementAccount(let account, let organization):
            return "SCPs and RCPs were not seen: account \(account) is the management account of \(organization), "
                + "which SCPs do not restrict (and RCPs do not govern its resources); none were applied"
        case .notInOrganization(let account):
            return "SCPs and RCPs were not seen: account \(account) is not a member of an organization (organizations "
                + "DescribeOrganization: AWSOrganizationsNotInUseException), so none apply to it"
        case .notReadable(let reason):
            return
                "SCPs and RCPs were not seen: \(reason); the organization may deny what the principal's own policies "
                + "allow, so every request they allow is undetermined (the organization can be read from its "
                + "management account or a delegated administrator)"
        }
    }
}
