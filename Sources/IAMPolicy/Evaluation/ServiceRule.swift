/// A rule AWS documents for one kind of request that decides it beyond what the policies say (`docs/evaluation.md`
/// §4.4). Which rule a request falls under depends on its action and resource only, so it is found once per request
/// (`AuthorizationRequest`), and deciding costs one comparison when none does.
public enum ServiceRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// `sts:GetCallerIdentity`: no permission is required and an explicit deny does not stop it.
    case callerIdentityNeedsNoPermission
    /// `sts:AssumeRole`, `AssumeRoleWithSAML`, `AssumeRoleWithWebIdentity`, `TagSession`, `SetSourceIdentity` on a
    /// role: the role's trust policy must allow the caller; an identity-based policy alone is not enough.
    case roleTrustPolicyMustAllow
    /// `sts:AssumeRole` called with the account root user's credentials: access is denied.
    case rootCannotAssumeRole
    /// A `kms:` action on a KMS key: its key policy must allow the request, or allow the account so that IAM policies
    /// can.
    case keyPolicyMustAllow
    /// Creating, versioning or deleting a policy under `arn:aws:iam::aws:policy/`: AWS managed policies cannot be
    /// changed by a customer.
    case awsManagedPolicyIsReadOnly
    /// Attaching, detaching, putting or deleting the policies of a role under `/aws-service-role/`, changing its trust
    /// policy or deleting it with `DeleteRole`: its service controls them.
    case serviceLinkedRoleIsControlledByItsService
    /// Changing or deleting a role under `/aws-reserved/`: only AWS may modify it.
    case reservedRoleIsModifiableOnlyByAWS

    /// The rule in one sentence, with the AWS page that documents it.
    public var sentence: String {
        switch self {
        case .callerIdentityNeedsNoPermission:
            return "sts:GetCallerIdentity needs no permission (STS API reference: GetCallerIdentity) — no policy can "
                + "deny it"
        case .roleTrustPolicyMustAllow:
            return "assuming a role is decided by the role's trust policy, which must allow the caller; an "
                + "identity-based policy alone is not enough (reference_policies_evaluation-logic.md: IAM role trust "
                + "policies must explicitly allow access for principals)"
        case .rootCannotAssumeRole:
            return "the account root user cannot call sts:AssumeRole (STS API reference: AssumeRole — you cannot use "
                + "AWS account root user credentials to call AssumeRole)"
        case .keyPolicyMustAllow:
            return "a KMS key's key policy must allow the request, or allow the account so that IAM policies can "
                + "(AWS KMS Developer Guide: Key policies — without permission from the key policy, IAM policies that "
                + "allow permissions have no effect)"
        case .awsManagedPolicyIsReadOnly:
            return "AWS managed policies (arn:aws:iam::aws:policy/…) cannot be created, changed, versioned or deleted "
                + "by a customer (IAM User Guide: AWS managed policies — you cannot change the permissions defined in "
                + "AWS managed policies)"
        case .serviceLinkedRoleIsControlledByItsService:
            return "a service-linked role's policies and deletion are controlled by its service (IAM API reference: "
                + "CreateServiceLinkedRole — the service controls the attached policies and when the role can be "
                + "deleted)"
        case .reservedRoleIsModifiableOnlyByAWS:
            return "a role under /aws-reserved/ is managed by the AWS service that created it and only AWS may modify "
                + "it (IAM Identity Center User Guide: IAM roles created by IAM Identity Center; AWS re:Post: 'Cannot "
                + "perform the operation on the protected role')"
        }
    }

    /// Whether the resource policy must allow the request before an identity-based policy counts.
    var resourcePolicyMustAllow: Bool { self == .roleTrustPolicyMustAllow || self == .keyPolicyMustAllow }

    /// Whether no policy can allow the request.
    var refusesWhateverThePolicies: Bool {
        self == .awsManagedPolicyIsReadOnly || self == .serviceLinkedRoleIsControlledByItsService
            || self == .reservedRoleIsModifiableOnlyByAWS
    }

    /// The rule a request for `action` (lowercased) on `resource` falls under, if any. Cheap for the common case: one
    /// prefix test on the action.
    static func rule(lowercasedAction action: String, resource: String) -> ServiceRule? {
        if action.hasPrefix("sts:") {
            if action == "sts:getcalleridentity" { return .callerIdentityNeedsNoPermission }
            guard trustActions.contains(action), isIAMResource(resource, kind: "role/") else { return nil }
            return .roleTrustPolicyMustAllow
        }
        if action.hasPrefix("kms:") {
            return isKMSKey(resource) ? .keyPolicyMustAllow : nil
        }
        guard action.hasPrefix("iam:") else { return nil }
        if awsManagedPolicyActions.contains(action), isAWSManagedPolicy(resource) {
            return .awsManagedPolicyIsReadOnly
        }
        if serviceLinkedRoleActions.contains(action), isIAMResource(resource, kind: "role/aws-service-role/") {
            return .serviceLinkedRoleIsControlledByItsService
        }
        if reservedRoleActions.contains(action), isIAMResource(resource, kind: "role/aws-reserved/") {
            return .reservedRoleIsModifiableOnlyByAWS
        }
        return nil
    }

    /// The actions a role's trust policy governs (`reference_policies_iam-condition-keys.md`, role trust policies;
    /// `reference_policies_elements_principal.md`: "the IAM resource-based policy type is a role trust policy").
    static let trustActions: Set<String> = [
        "sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity", "sts:tagsession",
        "sts:setsourceidentity",
    ]

    /// The actions that create, change, version or delete a managed policy.
    static let awsManagedPolicyActions: Set<String> = [
        "iam:createpolicy", "iam:createpolicyversion", "iam:deletepolicy", "iam:deletepolicyversion",
        "iam:setdefaultpolicyversion",
    ]

    /// The actions on a role's attached and inline policies, its trust policy, and its deletion by `DeleteRole`
    /// (`DeleteServiceLinkedRole` is how a customer asks the service to delete it, and is left to the policies).
    static let serviceLinkedRoleActions: Set<String> = [
        "iam:attachrolepolicy", "iam:detachrolepolicy", "iam:putrolepolicy", "iam:deleterolepolicy",
        "iam:updateassumerolepolicy", "iam:deleterole",
    ]

    /// The actions that change or delete a role (the role-changing actions IAM Identity Center's own service-linked
    /// role performs on `/aws-reserved/sso.amazonaws.com/` roles).
    static let reservedRoleActions: Set<String> = [
        "iam:attachrolepolicy", "iam:detachrolepolicy", "iam:putrolepolicy", "iam:deleterolepolicy",
        "iam:updateassumerolepolicy", "iam:deleterole", "iam:createrole", "iam:updaterole", "iam:updateroledescription",
        "iam:putrolepermissionsboundary", "iam:deleterolepermissionsboundary",
    ]

    /// Whether `resource` is `arn:PARTITION:iam::ACCOUNT:` followed by `kind`.
    static func isIAMResource(_ resource: String, kind: String) -> Bool {
        let parts = splitARN(Substring(resource))
        return parts.count == 6 && parts[0] == "arn" && parts[2] == "iam" && parts[3].isEmpty
            && parts[5].hasPrefix(kind)
    }

    /// Whether `resource` is an IAM role ARN, `arn:PARTITION:iam::ACCOUNT:role/…`.
    public static func isRoleARN(_ resource: String) -> Bool { isIAMResource(resource, kind: "role/") }

    /// Whether `resource` is `arn:PARTITION:iam::aws:policy/…`.
    static func isAWSManagedPolicy(_ resource: String) -> Bool {
        let parts = splitARN(Substring(resource))
        return parts.count == 6 && parts[0] == "arn" && parts[2] == "iam" && parts[3].isEmpty && parts[4] == "aws"
            && parts[5].hasPrefix("policy/")
    }

    /// Whether `resource` is a KMS key ARN, `arn:PARTITION:kms:REGION:ACCOUNT:key/…` (aliases have no key policy).
    static func isKMSKey(_ resource: String) -> Bool {
        let parts = splitARN(Substring(resource))
        return parts.count == 6 && parts[0] == "arn" && parts[2] == "kms" && parts[5].hasPrefix("key/")
    }
}
