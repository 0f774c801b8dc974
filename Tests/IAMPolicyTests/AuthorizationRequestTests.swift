import Testing

@testable import IAMPolicy

/// A request keeps what it derives from its fields (the lowercased action and its filter key, the resource's bytes
/// and layout, the principal's names as bytes, the resource account, the filled context) beside them, and renews
/// only what a change touches. A request changed field by field must be the request made with those fields at once.
@Suite("Authorization requests")
struct AuthorizationRequestTests {
    static let alice = "arn:aws:iam::111122223333:user/alice"
    static let carol = "arn:aws:iam::444455556666:user/carol"
    static let image = "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1"
    static let bucket = "arn:aws:s3:::bucket/key"

    /// A policy that allows each thing the changes below affect only under a condition on a filled key, so a stale
    /// derived value changes the decision; and a bucket policy that names carol, so that a stale requester changes
    /// the matched statements.
    static let policies: PolicySet = {
        let json = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "imagebuilder:GetImage", "Resource": "arn:aws:imagebuilder:*",
               "Condition": {"StringEquals": {"aws:ResourceAccount": "111122223333", "aws:username": "alice"}}},
              {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*",
               "Condition": {"StringEquals": {"aws:ResourceAccount": ["444455556666", "111122223333"],
                                              "aws:RequestTag/team": "platform"}}}
            ]}
            """
        let bucketPolicy = """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "Carol", "Effect": "Allow", "Principal": {"AWS": "\(carol)"}, "Action": "s3:GetObject",
               "Resource": "arn:aws:s3:::bucket/*"}
            ]}
            """
        let source = PolicySource("test")
        let identity = PolicyParser(policyType: .identity).parse(bytes: Array(json.utf8), source: source)
        let resource = PolicyParser(policyType: .resource).parse(bytes: Array(bucketPolicy.utf8), source: source)
        return PolicySet(identity: identity.document.map { [$0] } ?? [], resource: resource.document)
    }()

    @Test(
        "a request changed field by field is the request made with those fields",
        arguments: [
            (alice, "imagebuilder:GetImage", image, nil, "platform"),
            (carol, "imagebuilder:GetImage", image, nil, "platform"),
            (alice, "s3:GetObject", bucket, nil, "platform"),
            (carol, "s3:GetObject", bucket, "444455556666", "platform"),
            (alice, "S3:GETOBJECT", bucket, nil, "other"),
            (carol, "imagebuilder:GetImage", bucket, "111122223333", "platform"),
        ] as [(String, String, String, String?, String)])
    func changes(principal: String, action: String, resource: String, account: String?, team: String) throws {
        let made = AuthorizationRequest(
            principal: try Principal.parse(principal).get(), action: action, resource: resource,
            resourceAccount: account, context: RequestContext(["aws:RequestTag/team": ContextValue(team)]))
        // Start from another request and change every field, in an order that leaves each derived value computed
        // from a field that changes later.
        var changed = AuthorizationRequest(
            principal: try Principal.parse(principal == Self.alice ? Self.carol : Self.alice).get(),
            action: "kms:Decrypt", resource: "*", resourceAccount: "999988887777",
            context: RequestContext(["aws:RequestTag/team": ContextValue("none")]))
        changed.action = action
        changed.context = RequestContext(["aws:RequestTag/team": ContextValue(team)])
        changed.resource = resource
        changed.resourceAccount = account
        changed.principal = try Principal.parse(principal).get()

        #expect(changed == made)
        #expect(changed.hashValue == made.hashValue)
        #expect(changed.effectiveResourceAccount == made.effectiveResourceAccount)
        #expect(Evaluator.fillContext(changed) == Evaluator.fillContext(made))
        for evaluator in EvaluationPlanDifferentialTests.evaluators {
            #expect(
                evaluator.evaluate(changed, policies: Self.policies)
                    == evaluator.evaluate(made, policies: Self.policies))
        }
    }

    /// Each change renews what depends on the field: the context's filled keys after the context, the resource
    /// account after the resource, the action's filter key after the action.
    @Test("each change renews what depends on it")
    func renewal() throws {
        var request = AuthorizationRequest(
            principal: try Principal.parse(Self.alice).get(), action: "s3:GetObject", resource: Self.bucket,
            context: RequestContext(["aws:RequestTag/team": ContextValue("platform")]))
        #expect(Evaluator().evaluate(request, policies: Self.policies).decision == .allowed)
        request.context = RequestContext(["aws:RequestTag/team": ContextValue("other")])
        #expect(Evaluator().evaluate(request, policies: Self.policies).decision == .implicitDeny)
        request.context["aws:RequestTag/team"] = ContextValue("platform")
        #expect(Evaluator().evaluate(request, policies: Self.policies).decision == .allowed)
        request.resourceAccount = "999988887777"
        #expect(request.effectiveResourceAccount == "999988887777")
        #expect(Evaluator().evaluate(request, policies: Self.policies).decision == .implicitDeny)
        request.resourceAccount = nil
        request.action = "imagebuilder:GetImage"
        #expect(Evaluator().evaluate(request, policies: Self.policies).decision == .implicitDeny)
        request.resource = Self.image
        #expect(Evaluator().evaluate(request, policies: Self.policies).decision == .allowed)
        request.principal = try Principal.parse(Self.carol).get()
        #expect(Evaluator.fillContext(request)["aws:username"]?.values == ["carol"])
        #expect(Evaluator().evaluate(request, policies: Self.policies).decision == .implicitDeny)
        // The bucket policy names carol, and only her.
        request.action = "s3:GetObject"
        request.resource = Self.bucket
        #expect(Evaluator().evaluate(request, policies: Self.policies).matchedStatements.map(\.sid) == [nil, "Carol"])
        request.principal = try Principal.parse(Self.alice).get()
        #expect(Evaluator().evaluate(request, policies: Self.policies).matchedStatements.map(\.sid) == [nil])
    }
}
