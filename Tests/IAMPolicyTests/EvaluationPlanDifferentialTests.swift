import Testing

@testable import IAMPolicy

/// The compiled plan (`EvaluationPlan`) decides statements from flat records, skips statements by action bucket and
/// looks keys up in the filled context's index; the reference plan (`PolicySet.withReferencePlan`) leaves every
/// statement to the general checks on the parsed `Statement`. Both must give the same `Decision` — decision, gates,
/// matched and non-matching statements, missing keys, unknown conditions, notes — for every request, in strict and
/// discovery mode, with and without explanations. The corpus is generated: policies parsed from JSON built from
/// pools of patterns, operators and values chosen to reach every shape the records decide and every one they leave
/// to the general checks (variables, non-ASCII text, canonically equivalent spellings, sets, absent keys, partly
/// known resources, principals of every kind).
@Suite("Compiled plan against the general checks")
struct EvaluationPlanDifferentialTests {
    /// Every configuration of the engine the decisions are compared in.
    static let evaluators: [Evaluator] = [
        Evaluator(mode: .strict, explain: false), Evaluator(mode: .strict, explain: true),
        Evaluator(mode: .discovery, explain: false), Evaluator(mode: .discovery, explain: true),
    ]

    @Test("generated policy sets and requests decide alike", arguments: 0..<40)
    func generated(seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1)
        var compared = 0
        for _ in 0..<30 {
            let set = Corpus.policySet(&random)
            let reference = set.withReferencePlan
            for _ in 0..<12 {
                let request = Corpus.request(&random)
                for evaluator in Self.evaluators {
                    let compiled = evaluator.evaluate(request, policies: set)
                    let general = evaluator.evaluate(request, policies: reference)
                    #expect(
                        compiled == general,
                        "\(request.principal) \(request.action) on \(request.resource), mode \(evaluator.mode), explain \(evaluator.explain)"
                    )
                    compared += 1
                }
            }
        }
        #expect(compared == 30 * 12 * Self.evaluators.count)
    }

    /// The documented service rules are decided in `EvaluationRun.decide`, before and around the statements either
    /// plan decides: every rule request, from every principal, against generated policy sets (their resource policy
    /// read as an ordinary resource-based policy and as a role trust policy) decides alike.
    @Test("requests under the documented service rules decide alike", arguments: 0..<6)
    func serviceRules(seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed) &* 0x2545_F491_4F6C_DD1D &+ 7)
        for _ in 0..<8 {
            var set = Corpus.policySet(&random)
            for trust in [false, true] {
                set.resourceIsTrustPolicy = trust
                for action in Corpus.ruleActions {
                    for resource in Corpus.ruleResources {
                        let principal = Corpus.pick(Corpus.parsedPrincipals, &random)
                        try Self.compare(set, Corpus.request(principal: principal, action: action, resource: resource))
                    }
                }
            }
        }
    }

    /// Every action pattern against every action, in `Action` and `NotAction`.
    @Test("every action pattern and action decide alike")
    func actionPairs() throws {
        for pattern in Corpus.actionPatterns {
            for element in ["Action", "NotAction"] {
                let statement = #"{"Effect": "Allow", "\#(element)": "\#(Corpus.escaped(pattern))", "Resource": "*"}"#
                let set = try #require(Corpus.document(statements: [statement])).identitySet
                for action in Corpus.actions {
                    try Self.compare(set, Corpus.request(action: action))
                }
            }
        }
    }

    /// Every resource pattern against every resource, in `Resource` and `NotResource`, under both versions (policy
    /// variables substituted or literal).
    @Test("every resource pattern and resource decide alike")
    func resourcePairs() throws {
        for pattern in Corpus.resourcePatterns {
            for element in ["Resource", "NotResource"] {
                for version in ["2012-10-17", "2008-10-17"] {
                    let statement = #"{"Effect": "Allow", "Action": "*", "\#(element)": "\#(Corpus.escaped(pattern))"}"#
                    let set = try #require(Corpus.document(statements: [statement], version: version)).identitySet
                    for resource in Corpus.resources {
                        try Self.compare(set, Corpus.request(resource: resource))
                    }
                }
            }
        }
    }

    /// Every policy principal against every requester, in a resource policy's `Principal` and `NotPrincipal`.
    @Test("every policy principal and requester decide alike")
    func principalPairs() throws {
        for principal in Corpus.policyPrincipals {
            for element in ["Principal", "NotPrincipal"] {
                for effect in ["Allow", "Deny"] {
                    let statement =
                        #"{"Effect": "\#(effect)", "\#(element)": \#(principal), "Action": "*", "Resource": "*"}"#
                    let document = try #require(Corpus.document(statements: [statement], type: .resource))
                    let set = PolicySet(
                        identity: [try #require(Corpus.document(statements: [Corpus.allowAll]))], resource: document)
                    for requester in Corpus.parsedPrincipals {
                        try Self.compare(set, Corpus.request(principal: requester))
                    }
                }
            }
        }
    }

    /// Every operator with every value of its family against every request value of every key of the family, and
    /// against an absent key, in an `Allow` and a `Deny` (a single-valued operator on several values reads
    /// restrictively, by effect), under both versions (variables substituted or literal).
    @Test("every operator, value and request value decide alike", arguments: Corpus.conditions.indices)
    func conditionPairs(family: Int) throws {
        let (operators, keys, values) = Corpus.conditions[family]
        for op in operators {
            for value in values {
                // The key's spelling matters only to the lookup: two keys per family, one of them not a variable's.
                for key in keys.prefix(2) {
                    for effect in ["Allow", "Deny"] {
                        // The version matters only to values with variables.
                        for version in value.contains("${") ? ["2012-10-17", "2008-10-17"] : ["2012-10-17"] {
                            let statement =
                                #"{"Effect": "\#(effect)", "Action": "*", "Resource": "*", "Condition": "#
                                + #"{"\#(op)": {"\#(key)": "\#(Corpus.escaped(value))"}}}"#
                            guard let document = Corpus.document(statements: [statement], version: version) else {
                                continue
                            }
                            let set = PolicySet(
                                identity: [document, try #require(Corpus.document(statements: [Corpus.allowAll]))])
                            for requestValue in Corpus.requestValues {
                                var context = RequestContext()
                                for variable in Corpus.variableValues {
                                    context[variable.key] = variable.value
                                }
                                context[key] = requestValue
                                try Self.compare(set, Corpus.request(context: context))
                            }
                        }
                    }
                }
            }
        }
    }

    /// Evaluates `request` against `set` with the compiled and the reference plan in every configuration, and
    /// requires the same decision.
    static func compare(_ set: PolicySet, _ request: AuthorizationRequest) throws {
        let reference = set.withReferencePlan
        for evaluator in evaluators {
            let compiled = evaluator.evaluate(request, policies: set)
            let general = evaluator.evaluate(request, policies: reference)
            #expect(
                compiled == general,
                "\(request.principal) \(request.action) on \(request.resource) with \(request.context.sortedEntries), mode \(evaluator.mode), explain \(evaluator.explain)"
            )
        }
    }

    /// The plan follows the set: a policy added or changed after the set was made is evaluated.
    @Test("changing a policy set recompiles its plan")
    func planFollowsChanges() throws {
        let principal = try Principal.parse("arn:aws:iam::111122223333:user/alice").get()
        let request = AuthorizationRequest(
            principal: principal, action: "imagebuilder:GetImage", resource: "arn:aws:imagebuilder:us-east-1:1:image/x")
        var set = PolicySet()
        #expect(Evaluator().evaluate(request, policies: set).decision == .implicitDeny)
        let allow = Corpus.document(statements: [#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#])
        set.identity.append(try #require(allow))
        #expect(Evaluator().evaluate(request, policies: set).decision == .allowed)
        let deny = Corpus.document(statements: [#"{"Effect": "Deny", "Action": "*", "Resource": "*"}"#])
        set.identity[0] = try #require(deny)
        #expect(Evaluator().evaluate(request, policies: set).decision == .explicitDeny)
    }
}

/// A small, fast, seeded generator (SplitMix64), so that every run tests the same corpus.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The pools the corpus draws from.
enum Corpus {
    static let account = "111122223333"
    static let image = "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1"

    static let actionPatterns = [
        "*", "imagebuilder:*", "imagebuilder:Get*", "imagebuilder:GetImage", "imagebuilder:?etImage",
        "imagebuilder:*Image", "imagebuilder:*Image*", "imagebuilder:*ImagePipeline*", "ImageBuilder:getimage",
        "imagebuilder:Get Image", "GetImage", "image*:Get*", "*:GetImage", "iam:PassRole", "iam:*Role*", "s3:Get*",
        "s3:*Object", "kms:*", "ec2:Describe*", "securityhub:Disable*", "imagebuilder:Gét*", "imagebuilder:G?t*",
        "sts:*", "imagebuilder:List*", "imagebuilder:CreateImage", "imagebuilder:Delete*", "imagebuilder:\u{E000}*",
    ]

    static let actions = [
        "imagebuilder:GetImage", "imagebuilder:getimagerecipe", "imagebuilder:ListImages", "imagebuilder:CreateImage",
        "imagebuilder:DeleteImage", "imagebuilder:GetImagePipeline", "iam:PassRole", "s3:GetObject", "s3:PutObject",
        "kms:Decrypt", "ec2:DescribeImages", "sts:AssumeRole", "imagebuilder:Gét", "securityhub:DisableImportFindings",
        "IMAGEBUILDER:GETIMAGE", "imagebuilder", "imagebuilder:*",
    ]

    /// Requests the documented service rules (`ServiceRule`) apply to, and near misses of them.
    static let ruleActions = [
        "sts:GetCallerIdentity", "sts:AssumeRole", "sts:TagSession", "kms:Decrypt", "kms:CreateKey",
        "iam:DeletePolicy", "iam:GetPolicy", "iam:AttachRolePolicy", "iam:DeleteRole", "iam:UpdateRole",
        "imagebuilder:GetImage",
    ]
    static let ruleResources = [
        "*", "arn:aws:iam::111122223333:role/ci-deployer", "arn:aws:kms:us-east-1:111122223333:key/1234abcd",
        "arn:aws:kms:us-east-1:444455556666:key/1234abcd", "arn:aws:iam::aws:policy/AdministratorAccess",
        "arn:aws:iam::111122223333:role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder",
        "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_1", image,
    ]

    static let resourcePatterns = [
        "*", "**", "arn:aws:imagebuilder:us-east-1:111122223333:image/*",
        "arn:aws:imagebuilder:us-east-1:111122223333:image/web/*",
        "arn:aws:imagebuilder:*:*:image/*", "arn:aws:imagebuilder:us-east-?:111122223333:*", "arn:aws:imagebuilder:*",
        "arn:aws:imagebuilder:us-east-1*", image, "arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket",
        "arn:aws:s3:::${aws:username}/*", "arn:aws:iam::111122223333:role/${aws:PrincipalTag/team}/*",
        "arn:aws:iam::*:role/ci-*", "arn:aws:s3:::bücket/*", "ARN:aws:imagebuilder:*:*:*", "arn:aws:imagebuilder",
        "arn:aws:s3:::bucket/${*}", "arn:aws:s3:::bucket/a*c",
        "arn:aws:imagebuilder:us-east-1:111122223333:*/*/1.0.0/*",
        "arn:aws:s3:::${aws:username, 'nobody'}/*", "?",
    ]

    static let resources = [
        image, "*", "arn:aws:s3:::bucket/a/b:c", "arn:aws:s3:::bucket", "arn:aws:s3:::alice/report",
        "arn:aws:iam::111122223333:role/ci-deployer", "arn:aws:iam::111122223333:role/platform/build",
        "arn:aws:s3:::bücket/x", "arn:aws:imagebuilder:us-west-2:444455556666:image/web/1.0.0/1",
        "arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/abc", "arn:aws:imagebuilder:us-east-1:111122223333:image",
    ]

    /// Operators with the values that suit them, many of them near misses of the request values below (same
    /// length, other case, canonically equivalent spellings, one character off).
    static let conditions: [(operators: [String], keys: [String], values: [String])] = [
        (
            [
                "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike",
                "StringNotLike", "StringEqualsIfExists", "StringNotEqualsIfExists", "ForAnyValue:StringEquals",
                "ForAllValues:StringEquals", "ForAllValues:StringNotEquals", "ForAnyValue:StringLike",
            ],
            [
                "aws:ResourceTag/team", "AWS:RequestTag/Team", "aws:PrincipalTag/team", "aws:TagKeys", "aws:username",
                "aws:PrincipalType", "aws:RequestedRegion", "aws:PrincipalAccount", "iam:PassedToService",
                "AWS:USERNAME", "aws:ResourceAccount", "aws:PrincipalServiceName",
            ],
            [
                "platform", "Platform", "platforn", "PLATFORM", "plat*", "plat?orm", "*", "us-east-1", "us-east-2",
                "alice", "Alice", "alicf", "${aws:username}", "${aws:PrincipalTag/team}", "${aws:RequestTag/team}",
                "team-${aws:username}", "${aws:PrincipalTag/missing}", "${aws:PrincipalTag/missing, 'platform'}",
                "K", "k", "\u{212A}", "\u{FC}", "u\u{308}", "111122223333", "111122223334",
                "imagebuilder.amazonaws.com",
                "User", "user", "${*}", "a?c", "AssumedRole", "team", "project", "Team", "999988887777",
            ]
        ),
        (
            [
                "NumericEquals", "NumericLessThan", "NumericGreaterThanEquals", "NumericNotEquals",
                "NumericLessThanIfExists", "NumericGreaterThan", "NumericLessThanEquals",
            ],
            ["s3:max-keys", "aws:MultiFactorAuthAge", "aws:username"],
            ["10", "0", "-5", "3600", "1.5", "+7", "5", "9", "11", "3599"]
        ),
        (
            [
                "DateLessThan", "DateGreaterThan", "DateEquals", "DateNotEquals", "DateGreaterThanEqualsIfExists",
                "DateLessThanEquals",
            ],
            ["aws:CurrentTime", "aws:EpochTime"],
            [
                "2027-01-01T00:00:00Z", "2026-03-01T12:00:00Z", "2026-03-01", "1772366400", "2026-03-01T14:00:00+02:00",
                "2026-03-01T11:59:59Z", "2028-01-01",
            ]
        ),
        (
            ["Bool", "BoolIfExists"],
            ["aws:SecureTransport", "aws:ViaAWSService", "aws:username"],
            ["true", "false", "TRUE"]
        ),
        (
            ["IpAddress", "NotIpAddress", "IpAddressIfExists"],
            ["aws:SourceIp"],
            [
                "10.0.0.0/8", "10.20.30.0/24", "10.20.31.0/24", "192.0.2.0/24", "2001:db8:1234::/48", "203.0.113.7",
                "203.0.113.6", "0.0.0.0/0", "::1", "10.20.30.40",
            ]
        ),
        (
            ["ArnLike", "ArnEquals", "ArnNotLike", "ArnNotEquals", "ArnLikeIfExists", "ForAnyValue:ArnLike"],
            ["aws:PrincipalArn", "aws:SourceArn"],
            [
                "arn:aws:iam::*:role/security-admin", "arn:aws:iam::111122223333:root", "arn:aws:iam::*:*",
                "arn:aws:iam::111122223333:user/${aws:username}", "arn:aws:iam::111122223333:role/ci-*",
                "arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/alicf", "arn:aws:iam::*:root",
                "*", "arn:aws:iam::111122223333:role/ci-deployer", "arn:aws:iam::111122223333:role/ci-deployes",
                "arn:aws:iam::111122223333:role/ci-x",
            ]
        ),
        (
            ["Null"],
            ["aws:RequestTag/team", "aws:TagKeys", "aws:PrincipalTag/team", "aws:SourceIp"],
            ["true", "false"]
        ),
        (
            ["BinaryEquals"],
            ["aws:username", "s3:x-amz-content-sha256"],
            ["YWxpY2U=", "cGxhdGZvcm0="]
        ),
    ]

    static let principals = [
        "arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:role/ci-deployer",
        "arn:aws:sts::111122223333:assumed-role/ci-deployer/run-1", "arn:aws:iam::111122223333:root",
        "imagebuilder.amazonaws.com", "anonymous", "arn:aws:sts::111122223333:federated-user/bob",
        "arn:aws:iam::444455556666:user/carol", "arn:aws:iam::111122223333:role/aws-service-role/x.amazonaws.com/slr",
        "arn:aws:iam::111122223333:user/Alice", "arn:aws:iam::111122223333:user/division/alice",
        "arn:aws:iam::111122223333:user/al\u{E9}", "IMAGEBUILDER.amazonaws.com",
        "arn:aws:sts::111122223333:assumed-role/ci-deployer/run-2", "arn:aws:iam::111122223333:user/alice-admin",
        // A Kelvin sign is canonically equivalent to a K: `String` finds these two names equal, their bytes differ.
        "arn:aws:iam::111122223333:user/Kelvin", "arn:aws:iam::111122223333:user/\u{212A}elvin",
    ]

    static let policyPrincipals = [
        #""*""#, #"{"AWS": "*"}"#, #"{"AWS": "111122223333"}"#, #"{"AWS": "arn:aws:iam::111122223333:root"}"#,
        #"{"AWS": ["444455556666", "arn:aws:iam::111122223333:role/ci-deployer"]}"#,
        #"{"AWS": "arn:aws:iam::111122223333:user/alice"}"#, #"{"Service": "imagebuilder.amazonaws.com"}"#,
        #"{"AWS": "arn:aws:sts::111122223333:assumed-role/ci-deployer/run-1"}"#,
        #"{"AWS": "arn:aws:sts::111122223333:federated-user/bob"}"#,
        #"{"AWS": ["arn:aws:iam::111122223333:user/Alice", "arn:aws:iam::444455556666:root"]}"#,
        #"{"AWS": "arn:aws:iam::111122223333:role/aws-service-role/x.amazonaws.com/slr"}"#,
        // The same names in another account.
        #"{"AWS": ["arn:aws:iam::444455556666:role/ci-deployer", "arn:aws:iam::444455556666:user/alice"]}"#,
        #"{"AWS": "arn:aws:sts::444455556666:assumed-role/ci-deployer/run-1"}"#,
        #"{"AWS": "arn:aws:sts::444455556666:federated-user/bob"}"#,
        // Non-ASCII names: an acute accent composed, and decomposed (the same name to `String`'s equality).
        #"{"AWS": "arn:aws:iam::111122223333:user/al\#u{E9}"}"#,
        #"{"AWS": "arn:aws:iam::111122223333:user/ale\#u{301}"}"#,
        #"{"AWS": "arn:aws:iam::111122223333:user/Kelvin"}"#,
        #"{"AWS": "arn:aws:iam::111122223333:user/\#u{212A}elvin"}"#,
        #"{"Service": "IMAGEBUILDER.amazonaws.com"}"#, #"{"Federated": "cognito-identity.amazonaws.com"}"#,
        #"{"Federated": "arn:aws:iam::111122223333:user/alice"}"#, #"{"CanonicalUser": "imagebuilder.amazonaws.com"}"#,
        #"{"AWS": "111122223333", "Service": ["imagebuilder.amazonaws.com", "ec2.amazonaws.com"]}"#,
    ]

    /// Context keys a request may carry, with the values they may take.
    static let contextValues: [(key: String, values: [ContextValue])] = [
        (
            "aws:PrincipalTag/team",
            [
                ContextValue("platform"), ContextValue("Platform"), ContextValue(set: ["platform"]),
                ContextValue("pl*tform"), ContextValue("\u{FC}"),
            ]
        ),
        (
            "aws:RequestTag/team",
            [
                ContextValue("platform"), ContextValue("platforn"), ContextValue("\u{212A}"),
                ContextValue("K"), ContextValue(""),
            ]
        ),
        (
            "aws:ResourceTag/team",
            [
                ContextValue("platform"), ContextValue("\u{FC}"), ContextValue("u\u{308}"),
                ContextValue("PLATFORM"),
            ]
        ),
        (
            "aws:TagKeys",
            [
                ContextValue(set: ["team", "project"]), ContextValue(set: []), ContextValue(set: ["team"]),
                ContextValue("team"),
            ]
        ),
        (
            "aws:SecureTransport",
            [ContextValue("true"), ContextValue("false"), ContextValue("True"), ContextValue("yes")]
        ),
        ("aws:ViaAWSService", [ContextValue("false"), ContextValue("true")]),
        (
            "aws:SourceIp",
            [
                ContextValue("10.20.30.40"), ContextValue("203.0.113.7"), ContextValue("2001:db8:1234::1"),
                ContextValue("not an address"), ContextValue("\u{FF11}0.0.0.1"), ContextValue("10.20.31.1"),
                ContextValue("10.20.30.256"),
            ]
        ),
        (
            "aws:CurrentTime",
            [
                ContextValue("2026-03-01T12:00:00Z"), ContextValue("2028-01-01"), ContextValue("1772366400"),
                ContextValue("soon"), ContextValue("2026-03-01T12:00:01Z"),
            ]
        ),
        (
            "aws:RequestedRegion",
            [
                ContextValue("us-east-1"), ContextValue("us-east-2"),
                ContextValue(set: ["us-east-1", "us-west-2"]),
            ]
        ),
        (
            "s3:max-keys",
            [
                ContextValue("10"), ContextValue("5"), ContextValue("ten"), ContextValue("\u{FF11}0"),
                ContextValue("11"), ContextValue("9.5"),
            ]
        ),
        (
            "aws:SourceArn",
            [
                ContextValue("arn:aws:iam::111122223333:role/ci-x"), ContextValue("arn:aws:iam::1:role/\u{E9}"),
                ContextValue("arn:aws:iam::111122223333:user/alice"),
            ]
        ),
        (
            "iam:PassedToService",
            [ContextValue("imagebuilder.amazonaws.com"), ContextValue("imagebuilder.amazonaws.con")]
        ),
        ("AWS:Username", [ContextValue("override"), ContextValue("alice"), ContextValue("alicf")]),
        ("aws:ResourceAccount", [ContextValue("999988887777")]),
        ("s3:x-amz-content-sha256", [ContextValue("YWxpY2U="), ContextValue("YWxpY2U")]),
        ("aws:MultiFactorAuthAge", [ContextValue("3600"), ContextValue("-1"), ContextValue("3599.9")]),
        ("Aws:PrincipalTag/\u{E9}quipe", [ContextValue("x")]),
    ]

    static func pick<T>(_ items: [T], _ random: inout SplitMix64) -> T {
        items[Int(random.next() % UInt64(items.count))]
    }

    static func chance(_ percent: UInt64, _ random: inout SplitMix64) -> Bool {
        random.next() % 100 < percent
    }

    /// A JSON list of one to three picks, or a single string.
    static func list(_ items: [String], _ random: inout SplitMix64) -> String {
        let count = 1 + Int(random.next() % 3)
        let picked = (0..<count).map { _ in "\"" + escaped(pick(items, &random)) + "\"" }
        return count == 1 && chance(50, &random) ? picked[0] : "[" + picked.joined(separator: ", ") + "]"
    }

    /// `text` as the inside of a JSON string (the pools hold no control characters).
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            if character == "\\" || character == "\"" { result.append("\\") }
            result.append(character)
        }
        return result
    }

    static func statement(_ random: inout SplitMix64, principal: Bool) -> String {
        var members: [String] = []
        members.append("\"Effect\": \"\(chance(35, &random) ? "Deny" : "Allow")\"")
        // Statements that name every action or resource are frequent, so that conditions and principals are
        // reached often.
        let actions = chance(35, &random) ? "\"*\"" : list(actionPatterns, &random)
        members.append("\"\(chance(15, &random) ? "NotAction" : "Action")\": \(actions)")
        let resources = chance(35, &random) ? "\"*\"" : list(resourcePatterns, &random)
        members.append("\"\(chance(10, &random) ? "NotResource" : "Resource")\": \(resources)")
        if principal {
            members.append(
                "\"\(chance(10, &random) ? "NotPrincipal" : "Principal")\": \(pick(policyPrincipals, &random))")
        }
        if chance(70, &random) {
            var operators: [String] = []
            var used: Set<String> = []
            for _ in 0..<(1 + Int(random.next() % 3)) {
                let family = pick(conditions, &random)
                let op = pick(family.operators, &random)
                guard used.insert(op).inserted else { continue }
                let key = pick(family.keys, &random)
                let value =
                    op == "Null" || family.operators.contains("Bool")
                    ? "\"\(pick(family.values, &random))\"" : list(family.values, &random)
                operators.append("\"\(op)\": {\"\(key)\": \(value)}")
            }
            members.append("\"Condition\": {" + operators.joined(separator: ", ") + "}")
        }
        return "{" + members.joined(separator: ", ") + "}"
    }

    /// The parsed document around `statements`; `nil` when the parser rejects it.
    static func document(
        statements: [String], type: PolicyType = .identity, version: String = "2012-10-17"
    ) -> PolicyDocument? {
        let versionMember = version.isEmpty ? "" : "\"Version\": \"\(version)\", "
        let json = "{" + versionMember + "\"Statement\": [" + statements.joined(separator: ", ") + "]}"
        return PolicyParser(policyType: type).parse(bytes: Array(json.utf8), source: PolicySource("corpus")).document
    }

    /// A document of the type, with one to six statements; statements the parser rejects (a value an operator
    /// cannot take) are left out.
    static func document(_ type: PolicyType, _ random: inout SplitMix64) -> PolicyDocument? {
        let version = pick(["2012-10-17", "2012-10-17", "2012-10-17", "2008-10-17", ""], &random)
        let takesPrincipal = type == .resource || type == .endpoint || type == .rcp
        var statements: [String] = []
        for _ in 0..<(1 + Int(random.next() % 6)) {
            let candidate = statement(&random, principal: takesPrincipal)
            if document(statements: [candidate], type: type, version: version) != nil {
                statements.append(candidate)
            }
        }
        guard !statements.isEmpty else { return nil }
        return document(statements: statements, type: type, version: version)
    }

    static func policySet(_ random: inout SplitMix64) -> PolicySet {
        var set = PolicySet()
        set.identity = (0..<Int(random.next() % 3)).compactMap { _ in document(.identity, &random) }
        if chance(40, &random) { set.permissionsBoundary = document(.permissionsBoundary, &random) }
        if chance(20, &random) { set.session = document(.session, &random) }
        if chance(50, &random) { set.resource = document(.resource, &random) }
        if chance(15, &random) { set.endpoint = document(.endpoint, &random) }
        if chance(40, &random) {
            set.scps = (0..<Int(1 + random.next() % 2)).map { _ in
                (0..<Int(random.next() % 3)).compactMap { _ in document(.scp, &random) }
            }
        }
        if chance(20, &random) {
            set.rcps = [[document(.rcp, &random)].compactMap { $0 }]
        }
        return set
    }

    static let parsedPrincipals = principals.compactMap { try? Principal.parse($0).get() }

    static let allowAll = #"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#

    /// The values of the variables the condition values use, set in every condition-pair request (the key under
    /// test overrides its own).
    static let variableValues: [(key: String, value: ContextValue)] = [
        ("aws:PrincipalTag/team", ContextValue("platform")), ("aws:RequestTag/team", ContextValue("K")),
    ]

    /// The request values a key is tested with: every value any key of the corpus takes (so that each operator
    /// meets text, numbers, dates, addresses and ARNs alike), sets, an empty set and an empty text.
    static let requestValues: [ContextValue] =
        [ContextValue(""), ContextValue(set: []), ContextValue(set: ["platform", "K"])]
        + contextValues.flatMap(\.values)

    /// A request of the corpus's first principal; what is not given is the image and `imagebuilder:GetImage`.
    static func request(
        principal: Principal? = nil, action: String = "imagebuilder:GetImage", resource: String = image,
        context: RequestContext = RequestContext()
    ) -> AuthorizationRequest {
        AuthorizationRequest(
            principal: principal ?? parsedPrincipals[0], action: action, resource: resource, context: context)
    }

    static func request(_ random: inout SplitMix64) -> AuthorizationRequest {
        var context = RequestContext()
        for entry in contextValues where chance(60, &random) {
            context[entry.key] = pick(entry.values, &random)
        }
        var request = AuthorizationRequest(
            principal: pick(parsedPrincipals, &random),
            action: pick(actions, &random), resource: pick(resources, &random),
            resourceAccount: chance(10, &random) ? "444455556666" : nil, context: context)
        if chance(10, &random) {
            request.resourceTemplate = PartialValue(
                template:
                    pick(
                        [
                            "arn:aws:imagebuilder:us-east-1:111122223333:image/${ImageName}/${ImageVersion}/${Build}",
                            "arn:aws:s3:::${Bucket}/key", "arn:aws:iam::111122223333:role/${RoleNameWithPath}",
                        ], &random))
            request.resource = request.resourceTemplate?.description ?? request.resource
        }
        if chance(10, &random) { request.knownAbsentKeys = ["aws:requesttag/*", "aws:sourceip"] }
        if chance(10, &random) { request.applicableServiceKeys = ["s3:max-keys", "iam:passedtoservice"] }
        return request
    }
}

extension PolicyDocument {
    /// A set of this one identity policy.
    var identitySet: PolicySet { PolicySet(identity: [self]) }
}
