import Catalog
import IAMPolicy

/// One hop by which a user or role of the audit can act with a role's permissions that it does not have itself:
/// assuming the role, or having EC2 run as it through an Image Builder build. Reported apart from what the principal
/// may do directly. Data only: `ReportSentences` says it in words.
public struct AuditEscalation: Sendable {
    /// How the principal comes to act as the role.
    public enum Path: String, Sendable, Hashable, CaseIterable {
        /// `sts:AssumeRole`: the principal's own policies and the role's trust policy both let it assume the role
        /// (`reference_policies_evaluation-logic.md`: role trust policies must explicitly allow the principal).
        case assumeRole
        /// Image Builder's instance-profile path (`execution-and-audit.md` §5, pathfinding.cloud `imagebuilder-001`):
        /// the principal may pass the role to EC2 through an infrastructure configuration and create a component, a
        /// recipe and an image, so a build's instance runs the principal's component with the role's credentials.
        case imageBuilderInstanceProfile
    }

    public var path: Path
    /// The principal that escalates: its ARN, type and account.
    public var principal: String
    public var type: AuditPrincipalType
    public var account: String
    /// The role's ARN.
    public var reaches: String
    /// `allowed` when every step is allowed; `undetermined` when one is allowed only under unknown conditions (or,
    /// for the Image Builder path, the role's instance profiles are not listed). Never `denied`: a hop that is denied
    /// is not an escalation.
    public var verdict: Verdict
    /// The operations the role may perform and the principal may not, in column order.
    public var gained: [AuditGainedOperation]
    /// Every request the hop makes, in the order the hop makes them, each with the engine's decision.
    public var steps: [AuditEscalationStep]
    /// The Image Builder path: the instance profiles that hold the role; `nil` when the authorization details do not
    /// list them (so the verdict is undetermined). `nil` for `assumeRole`.
    public var instanceProfiles: [String]?

    public init(
        path: Path, principal: String, type: AuditPrincipalType, account: String, reaches: String, verdict: Verdict,
        gained: [AuditGainedOperation], steps: [AuditEscalationStep], instanceProfiles: [String]? = nil
    ) {
        self.path = path
        self.principal = principal
        self.type = type
        self.account = account
        self.reaches = reaches
        self.verdict = verdict
        self.gained = gained
        self.steps = steps
        self.instanceProfiles = instanceProfiles
    }

    /// `role/deploy-images`: the role's ARN after the account, as the matrix names principals.
    public var reachesShortName: String { Self.shortName(reaches) }

    /// `user/grace`: the principal's ARN after the account.
    public var principalShortName: String { Self.shortName(principal) }

    static func shortName(_ arn: String) -> String {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        return parts.count == 6 ? String(parts[5]) : arn
    }
}

/// An operation a hop gains: the role's verdict is better than the principal's own (allowed over undetermined over
/// denied).
public struct AuditGainedOperation: Sendable, Hashable {
    /// The report's column (`delete_resource`, or `create_resource @ deploy.iql:3`).
    public var column: String
    /// The principal's own verdict (denied or undetermined).
    public var principalVerdict: Verdict
    /// The role's verdict (allowed or undetermined).
    public var roleVerdict: Verdict

    public init(column: String, principalVerdict: Verdict, roleVerdict: Verdict) {
        self.column = column
        self.principalVerdict = principalVerdict
        self.roleVerdict = roleVerdict
    }
}

/// One request of a hop and what decided it.
public struct AuditEscalationStep: Sendable {
    /// Who makes the request.
    public enum Caller: Sendable, Hashable {
        /// The escalating principal, under its own policies (and, for `sts:AssumeRole`, the role's trust policy).
        case principal
        /// A service assuming the role, under the role's trust policy alone (`ec2.amazonaws.com` for an instance
        /// profile's role).
        case service(String)
    }

    public var caller: Caller
    /// The request, its decision (the statements of both sides that decided it), verdict and evidence.
    public var outcome: RequestOutcome

    public init(caller: Caller, outcome: RequestOutcome) {
        self.caller = caller
        self.outcome = outcome
    }
}
