import Testing

@testable import IAMPolicy

/// A decision keeps the statements the engine matched as indices into the policy set's plan and names them only
/// when they are read. How they are kept must never show: a decision reads, compares and hashes as the statements
/// it names, and outlives the policy set it was decided against.
@Suite("Decisions")
struct DecisionTests {
    static let policy = """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "ReadImages", "Effect": "Allow", "Action": "imagebuilder:GetImage", "Resource": "*"},
          {"Effect": "Allow", "Action": "imagebuilder:Get*", "Resource": "arn:aws:imagebuilder:*:*:image/*"},
          {"Sid": "NoDeletes", "Effect": "Deny", "Action": "imagebuilder:Delete*", "Resource": "*"}
        ]}
        """
    static let image = "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1"

    static func policies(source: String = "deployer.json") -> PolicySet {
        let parsed = PolicyParser(policyType: .identity).parse(bytes: Array(policy.utf8), source: PolicySource(source))
        return PolicySet(identity: parsed.document.map { [$0] } ?? [])
    }

    static func request(_ action: String) throws -> AuthorizationRequest {
        AuthorizationRequest(
            principal: try Principal.parse("arn:aws:iam::111122223333:role/deployer").get(), action: action,
            resource: image)
    }

    @Test("the matched statements read as the plan's references, in evaluation order")
    func matchedStatementsAreNamed() throws {
        let decision = Evaluator().evaluate(try Self.request("imagebuilder:GetImage"), policies: Self.policies())
        #expect(decision.decision == .allowed)
        #expect(decision.matchedStatements.map(\.statementIndex) == [0, 1])
        #expect(decision.matchedStatements.map(\.sid) == ["ReadImages", nil])
        #expect(decision.matchedStatements.allSatisfy { $0.source == "deployer.json" && $0.policyType == .identity })
    }

    @Test("a decision outlives the policy set and the request it was decided for")
    func decisionOutlivesItsInputs() throws {
        let decision = try {
            Evaluator().evaluate(try Self.request("imagebuilder:DeleteImage"), policies: Self.policies())
        }()
        #expect(decision.decision == .explicitDeny)
        #expect(decision.matchedStatements.map(\.sid) == ["NoDeletes"])
        #expect(decision.effectiveContext["aws:PrincipalArn"]?.values == ["arn:aws:iam::111122223333:role/deployer"])
    }

    @Test("an engine's decision equals, and hashes as, the decision listing the same statements")
    func equalityFollowsTheStatements() throws {
        let decided = Evaluator().evaluate(try Self.request("imagebuilder:GetImage"), policies: Self.policies())
        let listed = Decision(
            decision: decided.decision, blockedBy: decided.blockedBy, matchedStatements: decided.matchedStatements,
            missingContextKeys: decided.missingContextKeys, conditions: decided.conditions,
            nonMatchingStatements: decided.nonMatchingStatements, notes: decided.notes,
            effectiveContext: decided.effectiveContext)
        #expect(decided == listed)
        #expect(decided.hashValue == listed.hashValue)
        #expect(Set([decided, listed]).count == 1)

        // Statements from another file are other statements.
        let elsewhere = Evaluator().evaluate(
            try Self.request("imagebuilder:GetImage"), policies: Self.policies(source: "other.json"))
        #expect(decided != elsewhere)
    }

    @Test("setting the matched statements replaces the engine's")
    func settingReplaces() throws {
        var decision = Evaluator().evaluate(try Self.request("imagebuilder:GetImage"), policies: Self.policies())
        let first = decision.matchedStatements[0]
        decision.matchedStatements = [first]
        #expect(decision.matchedStatements == [first])
        decision.matchedStatements.append(first)
        #expect(decision.matchedStatements.count == 2)
    }
}
