import Testing

@testable import IAMPolicy

/// The engine keeps what it notes beside a decision as data (`DecisionNote`); these are the sentences its
/// `description` says, word for word as the engine wrote them when it stored sentences. Which policy types govern a
/// request is `reference_policies_evaluation-logic.md`'s rule; the restrictive reading of a plain operator on a
/// multivalued key is docs/evaluation.md §2 (`reference_policies_single-vs-multi-valued-condition-keys.md`).
@Suite("the engine's decision notes, rendered")
struct DecisionNoteTests {
    @Test("each note says which policy was not evaluated or needed, and why")
    func sentences() {
        let cases: [(DecisionNote, String)] = [
            (
                .scpsNotForCaller(.service),
                "SCPs were not evaluated: they restrict principals of member accounts, not service principals."
            ),
            (
                .scpsNotForCaller(.anonymous),
                "SCPs were not evaluated: they restrict principals of member accounts, not anonymous callers."
            ),
            (.scpsNotForServiceLinkedRole, "SCPs were not evaluated: they do not restrict service-linked roles."),
            (
                .rcpsNotSupported(service: "imagebuilder"),
                "RCPs were not evaluated: 'imagebuilder' is not among the services that support resource control "
                    + "policies."
            ),
            (
                .identityPoliciesNotForCaller(.service),
                "identity policies, permissions boundary and session policy were not evaluated: a service principal "
                    + "has none."
            ),
            (
                .identityPoliciesNotForCaller(.anonymous),
                "identity policies, permissions boundary and session policy were not evaluated: an anonymous caller "
                    + "has none."
            ),
            (
                .rootHasNoBoundaryOrSession,
                "the permissions boundary and session policy were not evaluated: the account root user has neither."
            ),
            (
                .federatedUserWithoutSessionPolicy,
                "a federated-user session with no session policy has no permissions of its own (only a resource "
                    + "policy naming it can grant)."
            ),
            (
                .trustPolicyGrantsNothing(action: "s3:GetObject"),
                "the resource-based policy is a role trust policy, which decides who may assume the role; it grants "
                    + "nothing for s3:GetObject."
            ),
            (
                .keyPolicyNotGiven(action: "kms:Decrypt", resource: "arn:aws:kms:us-east-1:1:key/k"),
                "the key policy was not given: kms:Decrypt on arn:aws:kms:us-east-1:1:key/k needs it to allow the "
                    + "request, so nothing else can."
            ),
            (
                .trustPolicyNotGiven(action: "sts:AssumeRole", resource: "arn:aws:iam::1:role/r"),
                "the role's trust policy was not given: sts:AssumeRole on arn:aws:iam::1:role/r needs it to allow the "
                    + "request, so nothing else can."
            ),
            (
                .crossAccountNeedsResourcePolicy(resourceAccount: "444455556666"),
                "the resource is in account 444455556666, not the principal's: cross-account access also needs a "
                    + "resource-based policy that allows it."
            ),
            (
                .crossAccountNeedsResourcePolicy(resourceAccount: nil),
                "the resource is in account ?, not the principal's: cross-account access also needs a resource-based "
                    + "policy that allows it."
            ),
            (
                .notPrincipalWithAllow(statement: "resource[0] statement 0"),
                "resource[0] statement 0 has NotPrincipal with Allow, which grants every principal it does not name, "
                    + "as \"Principal\": \"*\" would (reference_policies_elements_notprincipal.md"
                    + "#specifying-notprincipal-allow)."
            ),
            (
                .multivaluedKeyWithPlainOperator(
                    statement: "identity[0] statement 1", conditionOperator: "StringEquals", key: "aws:TagKeys"),
                "identity[0] statement 1 uses StringEquals on 'aws:TagKeys', whose value in the request has several "
                    + "elements; AWS requires ForAllValues/ForAnyValue for multivalued keys and does not document "
                    + "this case, so iamgate took the restrictive reading (false in an Allow, true in a Deny)."
            ),
        ]
        for (note, sentence) in cases {
            #expect(note.description == sentence)
        }
    }
}
