import Testing

@testable import IAMPolicy

/// The rules AWS documents for particular requests (`docs/evaluation.md` §4.4), the role trust policy as a parsed
/// document, and the explanations that name them. The decisions themselves are the fixtures' (`trust-policies.json`,
/// `kms-key-policies.json`, `no-policy-overrides.json`); these tests cover what a case file cannot express.
@Suite("Documented service rules")
struct ServiceRuleTests {
    static let account = "111122223333"

    static func document(_ json: String, type: PolicyType = .identity, trust: Bool = false) throws -> PolicyDocument {
        let parsed = PolicyParser(policyType: type, isTrustPolicy: trust).parse(
            bytes: Array(json.utf8), source: PolicySource("test"))
        return try #require(parsed.document, "\(parsed.findings)")
    }

    static func request(_ principal: String, _ action: String, _ resource: String) throws -> AuthorizationRequest {
        AuthorizationRequest(principal: try Principal.parse(principal).get(), action: action, resource: resource)
    }

    @Test(
        "a request's rule follows from its action (any case) and resource",
        arguments: [
            ("sts:GetCallerIdentity", "*", ServiceRule.callerIdentityNeedsNoPermission),
            ("STS:getcalleridentity", "*", .callerIdentityNeedsNoPermission),
            ("sts:AssumeRole", "arn:aws:iam::111122223333:role/deploy", .roleTrustPolicyMustAllow),
            ("sts:AssumeRoleWithSAML", "arn:aws-cn:iam::111122223333:role/p/deploy", .roleTrustPolicyMustAllow),
            ("sts:AssumeRoleWithWebIdentity", "arn:aws:iam::111122223333:role/deploy", .roleTrustPolicyMustAllow),
            ("sts:TagSession", "arn:aws:iam::111122223333:role/deploy", .roleTrustPolicyMustAllow),
            ("sts:SetSourceIdentity", "arn:aws:iam::111122223333:role/deploy", .roleTrustPolicyMustAllow),
            ("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/1234", .keyPolicyMustAllow),
            ("iam:CreatePolicyVersion", "arn:aws:iam::aws:policy/ReadOnlyAccess", .awsManagedPolicyIsReadOnly),
            ("iam:DeletePolicy", "arn:aws:iam::aws:policy/service-role/X", .awsManagedPolicyIsReadOnly),
            (
                "iam:DeleteRole", "arn:aws:iam::111122223333:role/aws-service-role/imagebuilder.amazonaws.com/R",
                .serviceLinkedRoleIsControlledByItsService
            ),
            (
                "iam:PutRolePermissionsBoundary", "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/R",
                .reservedRoleIsModifiableOnlyByAWS
            ),
        ])
    func ruleOf(action: String, resource: String, rule: ServiceRule) throws {
        #expect(try Self.request("arn:aws:iam::111122223333:user/alice", action, resource).serviceRule == rule)
    }

    @Test(
        "near misses fall under no rule",
        arguments: [
            ("sts:AssumeRole", "*"), ("sts:AssumeRole", "arn:aws:iam::111122223333:user/deploy"),
            ("sts:GetSessionToken", "*"), ("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:alias/app"),
            ("kms:CreateKey", "*"), ("iam:CreatePolicyVersion", "arn:aws:iam::111122223333:policy/ci"),
            ("iam:GetPolicy", "arn:aws:iam::aws:policy/ReadOnlyAccess"),
            ("iam:TagPolicy", "arn:aws:iam::aws:policy/ReadOnlyAccess"),
            ("iam:DeleteServiceLinkedRole", "arn:aws:iam::111122223333:role/aws-service-role/x.amazonaws.com/R"),
            ("iam:UpdateRoleDescription", "arn:aws:iam::111122223333:role/aws-service-role/x.amazonaws.com/R"),
            ("iam:DeleteRole", "arn:aws:iam::111122223333:role/aws-service-roles/R"),
            ("iam:GetRole", "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/R"),
            ("imagebuilder:GetImage", "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1"),
        ])
    func noRule(action: String, resource: String) throws {
        #expect(try Self.request("arn:aws:iam::111122223333:user/alice", action, resource).serviceRule == nil)
    }

    @Test("a changed action or resource finds the rule again")
    func ruleFollowsChanges() throws {
        var request = try Self.request("arn:aws:iam::111122223333:user/alice", "sts:GetCallerIdentity", "*")
        request.action = "kms:Decrypt"
        #expect(request.serviceRule == nil)
        request.resource = "arn:aws:kms:us-east-1:111122223333:key/1234"
        #expect(request.serviceRule == .keyPolicyMustAllow)
        request.context = RequestContext(["aws:SourceIp": ContextValue("203.0.113.7")])
        #expect(request.serviceRule == .keyPolicyMustAllow)
    }

    @Test("GetCallerIdentity is allowed without evaluating a Deny, and the explanation names the rule")
    func callerIdentity() throws {
        let deny = try Self.document(
            #"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}"#)
        let request = try Self.request("arn:aws:iam::111122223333:user/alice", "sts:GetCallerIdentity", "*")
        for evaluator in [Evaluator(explain: false), Evaluator(mode: .discovery, explain: true)] {
            let decision = evaluator.evaluate(request, policies: PolicySet(identity: [deny]))
            #expect(decision.decision == .allowed)
            #expect(decision.rule == .callerIdentityNeedsNoPermission)
            #expect(decision.matchedStatements.isEmpty)
            #expect(
                DecisionExplanation.summary(decision, request: request)
                    == "sts:GetCallerIdentity needs no permission (STS API reference: GetCallerIdentity) — no policy "
                    + "can deny it")
            #expect(
                DecisionExplanation.render(decision, request: request).contains(
                    "decided by rule: callerIdentityNeedsNoPermission"))
        }
    }

    @Test("an ordinary request carries no rule")
    func ordinaryDecision() throws {
        let allow = try Self.document(
            #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#)
        let request = try Self.request(
            "arn:aws:iam::111122223333:user/alice", "imagebuilder:GetImage",
            "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1")
        #expect(Evaluator().evaluate(request, policies: PolicySet(identity: [allow])).rule == nil)
    }

    @Test("a refusing rule decides only when no Deny applies, and names itself")
    func refusal() throws {
        let admin = try Self.document(
            #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#)
        let request = try Self.request(
            "arn:aws:iam::111122223333:user/alice", "iam:DeleteRole",
            "arn:aws:iam::111122223333:role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder")
        let decision = Evaluator().evaluate(request, policies: PolicySet(identity: [admin]))
        #expect(decision.decision == .implicitDeny)
        #expect(decision.blockedBy.isEmpty)
        #expect(decision.rule == .serviceLinkedRoleIsControlledByItsService)
        #expect(DecisionExplanation.summary(decision, request: request).contains("CreateServiceLinkedRole"))
        // A service principal is not a customer: the policies decide (and none grants it).
        let service = try Self.request(
            "imagebuilder.amazonaws.com", "iam:DeleteRole",
            "arn:aws:iam::111122223333:role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder")
        #expect(Evaluator().evaluate(service, policies: PolicySet()).rule == nil)
    }

    @Test("an identity policy alone does not let alice assume a role; the decision names the trust-policy rule")
    func trustRuleDecides() throws {
        let identity = try Self.document(
            #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}"#
        )
        let request = try Self.request(
            "arn:aws:iam::111122223333:user/alice", "sts:AssumeRole", "arn:aws:iam::111122223333:role/deploy")
        let decision = Evaluator(explain: true).evaluate(request, policies: PolicySet(identity: [identity]))
        #expect(decision.decision == .implicitDeny)
        #expect(decision.blockedBy == [.resource])
        #expect(decision.rule == .roleTrustPolicyMustAllow)
        #expect(
            decision.notes.contains(
                .trustPolicyNotGiven(action: "sts:AssumeRole", resource: "arn:aws:iam::111122223333:role/deploy")))
    }

    @Test("a role trust policy needs no Resource; a resource-based policy that is not one does")
    func trustPolicyWithoutResource() throws {
        let json = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
            """
        let trust = try Self.document(json, type: .resource, trust: true)
        #expect(trust.statements.first?.resources == nil)
        let asResource = PolicyParser(policyType: .resource).parse(bytes: Array(json.utf8), source: PolicySource("t"))
        #expect(asResource.document == nil)
        #expect(asResource.errors.map(\.code) == ["missing-element"])
    }

    @Test("a role trust policy cannot use NotPrincipal (reference_policies_elements_notprincipal.md)")
    func trustPolicyNotPrincipal() {
        let json = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]}
            """
        let result = PolicyParser(policyType: .resource, isTrustPolicy: true).parse(
            bytes: Array(json.utf8), source: PolicySource("trust.json"))
        #expect(result.document == nil)
        #expect(result.errors.map(\.code) == ["notprincipal-in-trust-policy"])
        #expect(result.errors.first?.location?.line == 2)
    }

    @Test("a trust policy grants nothing for actions other than assuming the role; its Deny still denies")
    func trustPolicyOtherActions() throws {
        let trust = try Self.document(
            """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/alice"}, "Action": "*"},
              {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:user/bob"}, "Action": "iam:GetRole"}]}
            """, type: .resource, trust: true)
        let alice = try Self.request(
            "arn:aws:iam::111122223333:user/alice", "iam:GetRole", "arn:aws:iam::111122223333:role/deploy")
        let set = PolicySet(resource: trust, resourceIsTrustPolicy: true)
        #expect(Evaluator().evaluate(alice, policies: set).decision == .implicitDeny)
        // The same document as an ordinary resource-based policy grants alice.
        #expect(Evaluator().evaluate(alice, policies: PolicySet(resource: trust)).decision == .allowed)
        let bob = try Self.request(
            "arn:aws:iam::111122223333:user/bob", "iam:GetRole", "arn:aws:iam::111122223333:role/deploy")
        #expect(Evaluator().evaluate(bob, policies: set).decision == .explicitDeny)
        let assume = try Self.request(
            "arn:aws:iam::111122223333:user/alice", "sts:AssumeRole", "arn:aws:iam::111122223333:role/deploy")
        #expect(Evaluator().evaluate(assume, policies: set).decision == .allowed)
    }

    @Test("NotPrincipal with Allow grants an unnamed principal directly, and the explanation says why")
    func notPrincipalAllow() throws {
        let resource = try Self.document(
            """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
              "NotPrincipal": {"AWS": "arn:aws:iam::444455556666:user/carol"}, "Action": "imagebuilder:GetImage",
              "Resource": "*"}]}
            """, type: .resource)
        let boundary = try Self.document(
            #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#,
            type: .permissionsBoundary)
        let request = try Self.request(
            "arn:aws:iam::111122223333:user/alice", "imagebuilder:GetImage",
            "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1")
        let set = PolicySet(permissionsBoundary: boundary, resource: resource)
        for candidate in [set, set.withReferencePlan] {
            let decision = Evaluator().evaluate(request, policies: candidate)
            #expect(decision.decision == .allowed)
            #expect(decision.notes.contains { if case .notPrincipalWithAllow = $0 { true } else { false } })
        }
    }
}
