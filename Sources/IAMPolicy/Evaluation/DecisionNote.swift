/// A fact about an evaluation worth telling beside its decision, as data: a policy type that was not evaluated and
/// why, a resource policy that was needed and not given, a reading the engine chose where AWS documents none.
/// `description` says it, as `DecisionExplanation` and the reports show it.
public enum DecisionNote: Sendable, Hashable, CustomStringConvertible {
    /// Who made a request that no identity-based policy governs.
    public enum Caller: Sendable, Hashable {
        case service
        case anonymous
    }

    /// SCPs restrict principals of member accounts, not this caller.
    case scpsNotForCaller(Caller)
    /// SCPs do not restrict service-linked roles.
    case scpsNotForServiceLinkedRole
    /// RCPs were not evaluated: `service` is not among the services that support them.
    case rcpsNotSupported(service: String)
    /// The caller has no identity policies, permissions boundary or session policy.
    case identityPoliciesNotForCaller(Caller)
    /// The account root user has no permissions boundary or session policy.
    case rootHasNoBoundaryOrSession
    /// A federated-user session with no session policy has no permissions of its own.
    case federatedUserWithoutSessionPolicy
    /// The resource-based policy is a role trust policy, which grants nothing for `action`.
    case trustPolicyGrantsNothing(action: String)
    /// The KMS key policy was not given, and `action` on `resource` needs it to allow the request.
    case keyPolicyNotGiven(action: String, resource: String)
    /// The role's trust policy was not given, and `action` on `resource` needs it to allow the request.
    case trustPolicyNotGiven(action: String, resource: String)
    /// The resource is in another account (`nil`: unknown), so cross-account access also needs a resource policy.
    case crossAccountNeedsResourcePolicy(resourceAccount: String?)
    /// The statement labelled `statement` has NotPrincipal with Allow, which grants every principal it does not name.
    case notPrincipalWithAllow(statement: String)
    /// The statement labelled `statement` uses a single-valued `conditionOperator` on `key`, whose value in the
    /// request has several elements: the engine took the restrictive reading.
    case multivaluedKeyWithPlainOperator(statement: String, conditionOperator: String, key: String)

    public var description: String {
        switch self {
        case .scpsNotForCaller(let caller):
            let callers = caller == .service ? "service principals" : "anonymous callers"
            return "SCPs were not evaluated: they restrict principals of member accounts, not \(callers)."
        case .scpsNotForServiceLinkedRole:
            return "SCPs were not evaluated: they do not restrict service-linked roles."
        case .rcpsNotSupported(let service):
            return "RCPs were not evaluated: '\(service)' is not among the services that support resource control "
                + "policies."
        case .identityPoliciesNotForCaller(let caller):
            let who = caller == .service ? "a service principal" : "an anonymous caller"
            return "identity policies, permissions boundary and session policy were not evaluated: \(who) has none."
        case .rootHasNoBoundaryOrSession:
            return "the permissions boundary and session policy were not evaluated: the account root user has neither."
        case .federatedUserWithoutSessionPolicy:
            return "a federated-user session with no session policy has no permissions of its own (only a resource "
                + "policy naming it can grant)."
        case .trustPolicyGrantsNothing(let action):
            return "the resource-based policy is a role trust policy, which decides who may assume the role; it grants "
                + "nothing for \(action)."
        case .keyPolicyNotGiven(let action, let resource):
            return "the key policy was not given: \(action) on \(resource) needs it to allow the request, so nothing "
                + "else can."
        case .trustPolicyNotGiven(let action, let resource):
            return "the role's trust policy was not given: \(action) on \(resource) needs it to allow the request, so "
                + "nothing else can."
        case .crossAccountNeedsResourcePolicy(let account):
            return "the resource is in account \(account ?? "?"), not the principal's: cross-account access also needs "
                + "a resource-based policy that allows it."
        case .notPrincipalWithAllow(let statement):
            return "\(statement) has NotPrincipal with Allow, which grants every principal it does not name, as "
                + "\"Principal\": \"*\" would (reference_policies_elements_notprincipal.md#specifying-notprincipal-allow)."
        case .multivaluedKeyWithPlainOperator(let statement, let conditionOperator, let key):
            return "\(statement) uses \(conditionOperator) on '\(key)', whose value in the request has several "
                + "elements; AWS requires ForAllValues/ForAnyValue for multivalued keys and does not document this "
                + "case, so iamgate took the restrictive reading (false in an Allow, true in a Deny)."
        }
    }
}
