import IAMPolicy
import Testing

@testable import IAMGateKit

/// The evaluation-case format's `policies.trust` (docs/evaluation.md §1) and the `rule` member of a result
/// (§4.3): what the fixtures cannot check about themselves.
@Suite("Trust-policy cases and rule results")
struct TrustPolicyCaseTests {
    static func cases(_ json: String) throws(InputError) -> [EvaluationCase] {
        try EvaluationCaseLoader.parse(bytes: Array(json.utf8), source: "cases.json")
    }

    static let trust =
        #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "#
        + #""Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#

    @Test("'trust' loads as the role's resource-based policy, without Resource")
    func loads() throws {
        let loaded = try Self.cases(
            #"{"name": "t", "request": {"principal": "ec2.amazonaws.com", "action": "sts:AssumeRole", "#
                + #""resource": "arn:aws:iam::111122223333:role/web"}, "policies": {"trust": \#(Self.trust)}}"#)
        let evaluationCase = try #require(loaded.first)
        #expect(evaluationCase.policies.resourceIsTrustPolicy)
        #expect(evaluationCase.policies.resource != nil)
        let result = try #require(EvaluationRunner.run(cases: loaded).first)
        #expect(result.decision.decision == .allowed)
    }

    @Test("'trust' and 'resource' together are rejected in one sentence")
    func bothRejected() {
        let json =
            #"{"name": "t", "request": {"principal": "ec2.amazonaws.com", "action": "sts:AssumeRole", "#
            + #""resource": "arn:aws:iam::111122223333:role/web"}, "policies": {"resource": \#(Self.trust), "#
            + #""trust": \#(Self.trust)}}"#
        #expect {
            try Self.cases(json)
        } throws: { error in
            "\(error)".contains("has both 'resource' and 'trust'")
        }
    }

    @Test("a 'trust' policy needs a role as the request's resource")
    func roleRequired() {
        let json =
            #"{"name": "t", "request": {"principal": "ec2.amazonaws.com", "action": "sts:AssumeRole", "#
            + #""resource": "*"}, "policies": {"trust": \#(Self.trust)}}"#
        #expect {
            try Self.cases(json)
        } throws: { error in
            "\(error)".contains("'request.resource' must be a role ARN, not '*'")
        }
    }

    @Test("a result names the rule that decided, and only then has a 'rule' member")
    func ruleMember() throws {
        let loaded = try Self.cases(
            #"[{"name": "who", "request": {"principal": "arn:aws:iam::111122223333:user/alice", "#
                + #""action": "sts:GetCallerIdentity", "resource": "*"}}, "#
                + #"{"name": "img", "request": {"principal": "arn:aws:iam::111122223333:user/alice", "#
                + #""action": "imagebuilder:GetImage", "resource": "*"}}]"#)
        let results = EvaluationRunner.run(cases: loaded)
        let first = results[0].json.rendered(pretty: false)
        #expect(first.contains(#""rule":{"name":"callerIdentityNeedsNoPermission","#))
        #expect(first.contains(#""explanation":"sts:GetCallerIdentity needs no permission"#))
        #expect(!results[1].json.rendered(pretty: false).contains(#""rule""#))
    }
}
