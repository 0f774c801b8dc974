import Foundation
import IAMPolicy
import JSON
import Testing

@_spi(Fuzzing) @testable import IAMGateKit

/// `--authorization-details FILE --principal ARN`: selecting the principal, collecting its policies at their default
/// versions, strictness about the whole file, and the streaming `JSONCursor` underneath.
@Suite("Authorization details")
struct AuthorizationDetailsTests {
    static let directory = packageRoot.appendingPathComponent("fixtures/authorization-details")
    static let small = directory.appendingPathComponent("small.json").path
    static let filtered = directory.appendingPathComponent("filtered.json").path
    static let account = "111122223333"
    /// The ARN prefix of the fixture account's managed policies.
    static let policies = "arn:aws:iam::111122223333:policy/"

    static func load(_ principal: String, path: String = small) throws(InputError) -> PrincipalPolicies {
        try AuthorizationDetailsLoader.load(path: path, principal: principal)
    }

    static func load(
        text: String, source: String = "inline.json", principal: String
    ) throws(InputError) -> PrincipalPolicies {
        try AuthorizationDetailsLoader.load(bytes: Array(text.utf8), source: source, principal: principal)
    }

    /// The error message a load throws, or `nil` when it succeeds.
    static func failure(_ body: () throws(InputError) -> PrincipalPolicies) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            return error.message
        }
    }

    static func decide(
        _ policies: PrincipalPolicies, _ action: String, _ resource: String, context: [String: ContextValue] = [:]
    ) -> Decision {
        var merged = policies.principalTagContext
        merged.merge(context) { $1 }
        let request = AuthorizationRequest(
            principal: policies.principal, action: action, resource: resource, context: RequestContext(merged))
        return Evaluator().evaluate(request, policies: policies.policySet)
    }

    static let image = "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1"

    // MARK: Selection

    @Test("a user by its exact ARN (with path) collects inline, managed and both groups' policies in order")
    func userByExactARN() throws {
        let alice = try Self.load("arn:aws:iam::111122223333:user/engineering/alice")
        #expect(alice.principal.identifier == "arn:aws:iam::111122223333:user/engineering/alice")
        #expect(alice.principal.kind == .user)
        #expect(alice.groups == ["developers", "imagebuilder-operators"])
        #expect(
            alice.policyLines == [
                .inlinePolicy(name: "alice-logs", holder: .user),
                .managedPolicy(arn: "\(Self.policies)ImageBuilderFullAccess", version: "v3", group: nil),
                .inlinePolicy(name: "developers-describe", holder: .group("developers")),
                .managedPolicy(arn: "\(Self.policies)ImageBuilderReadOnly", version: "v2", group: "developers"),
                .inlinePolicy(name: "operators-pipelines", holder: .group("imagebuilder-operators")),
                .managedPolicy(
                    arn: "\(Self.policies)ImageBuilderPipelineOperator", version: "v1", group: "imagebuilder-operators"),
                .permissionsBoundary(arn: "\(Self.policies)DeveloperBoundary", version: "v2"),
            ])
        // ImageBuilderReadOnly is attached to both groups but counted once.
        #expect(alice.identityPolicies.count == 6)
        #expect(
            alice.identityPolicies.map { $0.statements.compactMap(\.sid) } == [
                ["WriteBuildLogs"], ["ImageBuilderInAccount"], ["DescribeImages"], ["ReadImageBuilder"],
                ["RunPipelines", "NeverDeletePipelines"], ["OperatePipelines"],
            ])
        #expect(alice.identityPolicies[0].source.name == "\(Self.small) user 'alice' inline policy 'alice-logs'")
        #expect(alice.identityPolicies[0].source.file == Self.small)
        #expect(alice.policySet.identity.count == 6)
        #expect(alice.policySet.permissionsBoundary?.statements.first?.sid == "DeveloperCeiling")
    }

    @Test("audit's reading of a file (no indentation) finds the same records, policies and messages as check's")
    func auditReadsAsCheck() throws {
        let files =
            ["small.json", "filtered.json", "audit-shared-policies.json"].map {
                Self.directory.appendingPathComponent($0).path
            }
            + ["111122223333.json", "111122223333-next.json", "444455556666.json"].map {
                packageRoot.appendingPathComponent("policies/examples/accounts/\($0)").path
            }
        var principals = 0
        for path in files {
            let bytes = try #require(FileManager.default.contents(atPath: path).map(Array.init), "\(path) is missing")
            #expect(LineIndentation.strip(bytes) != nil, "\(path) has indented lines")
            let plain = AuthorizationDetailsLoader.indexReading(bytes: bytes, source: path, compact: false)
            #expect(plain.hasPrefix("users ["), "\(path): \(plain.prefix(200))")
            // The users and roles resolved (filtered.json lacks the policies its principals use: errors).
            let resolved = plain.split(separator: "\n").dropFirst()
            #expect(!resolved.isEmpty, "\(path) has no user or role")
            principals += resolved.filter { !$0.contains(": error: ") }.count
            let compact = AuthorizationDetailsLoader.indexReading(bytes: bytes, source: path, compact: true)
            #expect(compact == plain, "\(path)")
            // A broken copy: the first error, where it is, is the same too.
            var broken = bytes
            broken.insert(contentsOf: Array("\n      ]".utf8), at: bytes.count / 2)
            let brokenPlain = AuthorizationDetailsLoader.indexReading(bytes: broken, source: path, compact: false)
            #expect(brokenPlain.hasPrefix("error: "), "\(path): \(brokenPlain.prefix(200))")
            #expect(
                AuthorizationDetailsLoader.indexReading(bytes: broken, source: path, compact: true) == brokenPlain,
                "\(path)")
        }
        #expect(principals >= 12)
    }

    @Test("a user ARN without the path selects the user and takes the path from the file")
    func userWithoutPath() throws {
        let alice = try Self.load("arn:aws:iam::111122223333:user/alice")
        #expect(alice.principal.identifier == "arn:aws:iam::111122223333:user/engineering/alice")
        #expect(alice.principal.path == "/engineering/")
        #expect(alice.identityPolicies.count == 6)
    }

    @Test("a role by ARN collects its inline policy, a customer and an AWS managed policy")
    func roleByARN() throws {
        let ci = try Self.load("arn:aws:iam::111122223333:role/ci")
        #expect(ci.principal.kind == .role)
        #expect(ci.groups.isEmpty)
        #expect(ci.permissionsBoundary == nil)
        #expect(
            ci.policyLines == [
                .inlinePolicy(name: "deploy", holder: .role),
                .managedPolicy(arn: "\(Self.policies)ImageBuilderReadOnly", version: "v2", group: nil),
                .managedPolicy(arn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", version: "v3", group: nil),
            ])
        #expect(ci.identityPolicies[0].source.name == "\(Self.small) role 'ci' inline policy 'deploy'")
        #expect(
            ci.identityPolicies[2].source.name
                == "\(Self.small) managed policy 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' v3")
    }

    @Test("an assumed-role session selects its role and stays the session")
    func sessionARN() throws {
        let session = try Self.load("arn:aws:sts::111122223333:assumed-role/ci/github-run-42")
        #expect(session.principal.kind == .roleSession)
        #expect(session.principal.identifier == "arn:aws:sts::111122223333:assumed-role/ci/github-run-42")
        #expect(session.principal.sessionName == "github-run-42")
        #expect(session.policyLines.first == .inlinePolicy(name: "deploy", holder: .role))
        #expect(Self.decide(session, "imagebuilder:CreateImage", Self.image).decision == .allowed)
    }

    @Test("a service role under /service-role/ is found with or without its path; its documents are URL-encoded")
    func serviceRolePath() throws {
        for arn in [
            "arn:aws:iam::111122223333:role/ImageBuilderServiceRole",
            "arn:aws:iam::111122223333:role/service-role/ImageBuilderServiceRole",
        ] {
            let role = try Self.load(arn)
            #expect(role.principal.identifier == "arn:aws:iam::111122223333:role/service-role/ImageBuilderServiceRole")
            #expect(role.principal.path == "/service-role/")
            #expect(
                role.policyLines == [
                    .managedPolicy(
                        arn: "\(Self.policies)service-role/ImageBuilderServicePolicy", version: "v2", group: nil)
                ])
            #expect(role.identityPolicies[0].statements.compactMap(\.sid) == ["BuildInstances", "UploadLogs"])
        }
        let linked = try Self.load(
            "arn:aws:iam::111122223333:role/AWSServiceRoleForImageBuilder")
        #expect(linked.principal.isServiceLinkedRole)
        #expect(linked.identityPolicies[0].statements.first?.sid == "ManageImages")
    }

    @Test("another account's ARN with the same name does not select the principal")
    func otherAccount() {
        let message = Self.failure { () throws(InputError) in
            try AuthorizationDetailsLoader.load(path: Self.small, principal: "arn:aws:iam::999999999999:role/ci")
        }
        #expect(message?.contains("contain no role named 'ci' in account 999999999999") == true)
    }

    @Test("an unknown principal lists the five closest users and roles")
    func unknownPrincipal() throws {
        let message = try #require(
            Self.failure { () throws(InputError) in
                try AuthorizationDetailsLoader.load(path: Self.small, principal: "arn:aws:iam::111122223333:role/cii")
            })
        #expect(
            message
                == "authorization details '\(Self.small)' contain no role named 'cii' in account 111122223333 "
                + "(closest: role 'arn:aws:iam::111122223333:role/ci', user 'arn:aws:iam::111122223333:user/bob', "
                + "user 'arn:aws:iam::111122223333:user/carol', user 'arn:aws:iam::111122223333:user/engineering/alice', "
                + "role 'arn:aws:iam::111122223333:role/bounded-builder')")
    }

    @Test("principals the file cannot describe are rejected with a reason")
    func unsupportedPrincipals() {
        for (principal, expected) in [
            ("arn:aws:iam::111122223333:root", "is not an IAM user, role or assumed-role session"),
            ("imagebuilder.amazonaws.com", "is not an IAM user, role or assumed-role session"),
            ("arn:aws:sts::111122223333:federated-user/bob", "is not an IAM user, role or assumed-role session"),
            ("not-an-arn", "unrecognised principal 'not-an-arn'"),
        ] {
            let message = Self.failure { () throws(InputError) in try Self.loadInput(principal) }
            #expect(message?.contains(expected) == true, "\(principal): \(message ?? "no error")")
        }
    }

    static func loadInput(_ principal: String) throws(InputError) -> PrincipalPolicies {
        try AuthorizationDetailsLoader.load(path: small, principal: principal)
    }

    // MARK: Versions, boundaries, tags, encodings

    @Test("only a managed policy's default version counts: the broad v1 of ImageBuilderReadOnly is ignored")
    func defaultVersionOnly() throws {
        let bob = try Self.load("arn:aws:iam::111122223333:user/bob")
        #expect(
            bob.policyLines == [
                .inlinePolicy(name: "developers-describe", holder: .group("developers")),
                .managedPolicy(arn: "\(Self.policies)ImageBuilderReadOnly", version: "v2", group: "developers"),
            ])
        #expect(Self.decide(bob, "imagebuilder:GetImage", Self.image).decision == .allowed)
        // v1 allows "*" on "*"; were it used, this would be allowed.
        let delete = Self.decide(bob, "imagebuilder:DeleteImage", Self.image)
        #expect(delete.decision == .implicitDeny)
        #expect(delete.blockedBy == [.identity])
        #expect(Self.decide(bob, "iam:CreateUser", "*").decision == .implicitDeny)
    }

    @Test("the permissions boundary resolves to its default version and blocks what identity policies allow")
    func boundaryBlocks() throws {
        let alice = try Self.load("arn:aws:iam::111122223333:user/engineering/alice")
        #expect(Self.decide(alice, "imagebuilder:GetImage", Self.image).decision == .allowed)
        // ImageBuilderFullAccess v3 allows imagebuilder:* in the account; DeveloperBoundary v2 does not allow deletes.
        let delete = Self.decide(alice, "imagebuilder:DeleteImage", Self.image)
        #expect(delete.decision == .implicitDeny)
        #expect(delete.blockedBy == [.permissionsBoundary])

        let builder = try Self.load("arn:aws:iam::111122223333:role/bounded-builder")
        #expect(builder.permissionsBoundary?.source.name.contains("BuilderBoundary' v1") == true)
        #expect(Self.decide(builder, "imagebuilder:CreateImage", Self.image).decision == .allowed)
        let builderDelete = Self.decide(builder, "imagebuilder:DeleteImage", Self.image)
        #expect(builderDelete.decision == .implicitDeny)
        #expect(builderDelete.blockedBy == [.permissionsBoundary])
    }

    @Test("a group's Deny applies to its members")
    func groupDeny() throws {
        let alice = try Self.load("arn:aws:iam::111122223333:user/engineering/alice")
        let pipeline = "arn:aws:imagebuilder:us-east-1:111122223333:image-pipeline/web"
        let decision = Self.decide(alice, "imagebuilder:DeleteImagePipeline", pipeline)
        #expect(decision.decision == .explicitDeny)
        #expect(decision.matchedStatements.contains { $0.sid == "NeverDeletePipelines" })
    }

    @Test("principal tags are exposed and become aws:PrincipalTag keys")
    func tags() throws {
        let alice = try Self.load("arn:aws:iam::111122223333:user/alice")
        #expect(alice.tags == ["team": "platform", "cost-center": "cc-1234"])
        #expect(
            alice.principalTagContext == [
                "aws:PrincipalTag/team": ContextValue("platform"),
                "aws:PrincipalTag/cost-center": ContextValue("cc-1234"),
            ])
        let ci = try Self.load("arn:aws:sts::111122223333:assumed-role/ci/s")
        #expect(ci.tags == ["env": "ci", "team": "platform"])
        #expect(try Self.load("arn:aws:iam::111122223333:user/bob").tags.isEmpty)
    }

    @Test("a URL-encoded inline policy and its condition variables work like an object document")
    func urlEncodedDocument() throws {
        let carol = try Self.load("arn:aws:iam::111122223333:user/carol")
        #expect(carol.policyLines.first == .inlinePolicy(name: "carol-own-images", holder: .user))
        #expect(carol.identityPolicies[0].statements.first?.sid == "OwnImages")
        #expect(carol.identityPolicies[0].version == .version2012)
        let owned = Self.decide(
            carol, "imagebuilder:DeleteImage", Self.image, context: ["aws:ResourceTag/owner": ContextValue("carol")])
        #expect(owned.decision == .allowed)
        let other = Self.decide(
            carol, "imagebuilder:DeleteImage", Self.image, context: ["aws:ResourceTag/owner": ContextValue("bob")])
        #expect(other.decision == .implicitDeny)
    }

    @Test("the same account with object documents and with URL-encoded documents gives the same policies")
    func encodingsAgree() throws {
        let objects = AuthorizationDetailsGenerator.make(roles: 40, users: 12, groups: 4, seed: 7)
        let encoded = AuthorizationDetailsGenerator.make(
            roles: 40, users: 12, groups: 4, urlEncodedDocuments: true, seed: 7)
        #expect(objects != encoded)
        for principal in [
            AuthorizationDetailsGenerator.roleARN(0), AuthorizationDetailsGenerator.roleARN(13),
            AuthorizationDetailsGenerator.roleARN(39), AuthorizationDetailsGenerator.userARN(5),
        ] {
            let fromObjects = try AuthorizationDetailsLoader.load(bytes: objects, source: "a", principal: principal)
            let fromText = try AuthorizationDetailsLoader.load(bytes: encoded, source: "a", principal: principal)
            #expect(fromObjects.policyLines == fromText.policyLines)
            #expect(Self.shape(fromObjects) == Self.shape(fromText))
            #expect(!fromObjects.identityPolicies.isEmpty)
        }
    }

    /// The generator's bytes are pinned (FNV-1a of the whole document), so a change of the writer underneath shows.
    /// (Re-pinned when the generator began to lay out escalations: a trust policy naming a user, an instance-profile
    /// role, the first group's `sts:AssumeRole` statement.)
    @Test("the generator writes the same bytes for the same seed, in both document encodings")
    func generatorBytesArePinned() {
        let objects = AuthorizationDetailsGenerator.make(roles: 40, users: 12, groups: 4, seed: 7)
        let encoded = AuthorizationDetailsGenerator.make(
            roles: 40, users: 12, groups: 4, urlEncodedDocuments: true, seed: 7)
        #expect(objects.count == 3_273_813)
        #expect(Self.fnv1a(objects) == 48_043_384_923_965_618)
        #expect(encoded.count == 1_988_989)
        #expect(Self.fnv1a(encoded) == 5_544_744_302_526_806_364)
    }

    /// The escalations the generator lays out on purpose (the audit's benchmark counts what they give).
    @Test("the generator lays out escalations: a trust policy naming a user, an instance-profile role, AssumeRole")
    func generatorEscalations() throws {
        let bytes = AuthorizationDetailsGenerator.make(roles: 10, users: 3, groups: 2, seed: 7)
        let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        let roles = try #require(object?["RoleDetailList"] as? [[String: Any]])
        func text(_ value: Any?) throws -> String {
            String(
                decoding: try JSONSerialization.data(withJSONObject: value ?? [:], options: [.withoutEscapingSlashes]),
                as: UTF8.self)
        }
        #expect(try text(roles[0]["AssumeRolePolicyDocument"]).contains(AuthorizationDetailsGenerator.userARN(0)))
        #expect(try text(roles[3]["AssumeRolePolicyDocument"]).contains("ec2.amazonaws.com"))
        #expect((roles[3]["InstanceProfileList"] as? [[String: Any]])?.count == 1)
        #expect((roles[1]["InstanceProfileList"] as? [[String: Any]])?.isEmpty == true)
        let groups = try #require(object?["GroupDetailList"] as? [[String: Any]])
        #expect(try text(groups.first?["GroupPolicyList"]).contains("role/platform-deploy-*"))
        let records = try AuthorizationDetailsRecords.decode(JSONParser.parse(bytes), source: "g")
        #expect(records.roles[3].instanceProfiles == [AuthorizationDetailsGenerator.roleName(3)])
    }

    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }

    /// Sids, effects and action counts of every statement, to compare two loads.
    static func shape(_ policies: PrincipalPolicies) -> [String] {
        (policies.identityPolicies + (policies.permissionsBoundary.map { [$0] } ?? [])).flatMap { document in
            document.statements.map { "\($0.sid ?? "-") \($0.effect.rawValue) \($0.conditions.count)" }
        }
    }

    // MARK: Missing and ambiguous records

    @Test("an attached AWS managed policy missing from a filtered file is an error naming it")
    func missingManagedPolicy() {
        let message = Self.failure { () throws(InputError) in
            try AuthorizationDetailsLoader.load(path: Self.filtered, principal: "arn:aws:iam::111122223333:role/ci")
        }
        #expect(
            message
                == "authorization details '\(Self.filtered)': the file does not contain managed policy "
                + "'arn:aws:iam::aws:policy/ReadOnlyAccess' attached to role 'ci'; re-run "
                + "get-account-authorization-details without --filter, or pass it with --policy")
        let viaGroup = Self.failure { () throws(InputError) in
            try AuthorizationDetailsLoader.load(path: Self.filtered, principal: "arn:aws:iam::111122223333:user/dave")
        }
        #expect(
            viaGroup?.contains(
                "the file does not contain managed policy 'arn:aws:iam::aws:policy/SecurityAudit' attached to group "
                    + "'auditors' (a group of user 'dave')") == true)
    }

    static let minimal = """
        {"UserDetailList": [{"UserName": "u", "Arn": "arn:aws:iam::111122223333:user/u", "GroupList": ["g"],
          "PermissionsBoundary": {"PermissionsBoundaryType": "Policy",
            "PermissionsBoundaryArn": "arn:aws:iam::111122223333:policy/B"}}],
         "RoleDetailList": [{"RoleName": "r", "Arn": "arn:aws:iam::111122223333:role/r",
           "AttachedManagedPolicies": [{"PolicyName": "P", "PolicyArn": "arn:aws:iam::111122223333:policy/P"}]}],
         "GroupDetailList": GROUPS,
         "Policies": POLICIES,
         "IsTruncated": TRUNCATED}
        """

    static func minimal(groups: String = "[]", policies: String = "[]", truncated: Bool = false) -> String {
        minimal.replacingOccurrences(of: "GROUPS", with: groups).replacingOccurrences(of: "POLICIES", with: policies)
            .replacingOccurrences(of: "TRUNCATED", with: String(truncated))
    }

    static func policy(_ name: String, default defaultID: String?, versions: [(String, Bool?, String)]) -> String {
        let list = versions.map { id, isDefault, document in
            let flag = isDefault.map { ", \"IsDefaultVersion\": \($0)" } ?? ""
            return "{\"VersionId\": \"\(id)\"\(flag), \"Document\": \(document)}"
        }
        let defaultMember = defaultID.map { "\"DefaultVersionId\": \"\($0)\", " } ?? ""
        return "{\"PolicyName\": \"\(name)\", \"Arn\": \"arn:aws:iam::111122223333:policy/\(name)\", \(defaultMember)"
            + "\"PolicyVersionList\": [\(list.joined(separator: ", "))]}"
    }

    static let allowAll =
        #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#

    @Test("a missing group, a missing boundary and a truncated file are errors that say so")
    func missingRecords() {
        let noGroup = Self.failure { () throws(InputError) in
            try Self.load(text: Self.minimal(), principal: "arn:aws:iam::111122223333:user/u")
        }
        #expect(
            noGroup
                == "authorization details 'inline.json': the file does not contain group 'g' of user 'u'; re-run "
                + "get-account-authorization-details without --filter")
        let group = #"[{"GroupName": "g"}]"#
        let noBoundary = Self.failure { () throws(InputError) in
            try Self.load(text: Self.minimal(groups: group), principal: "arn:aws:iam::111122223333:user/u")
        }
        #expect(
            noBoundary?.contains(
                "does not contain managed policy 'arn:aws:iam::111122223333:policy/B' used as the permissions boundary "
                    + "of user 'u'") == true)
        let truncated = Self.failure { () throws(InputError) in
            try Self.load(text: Self.minimal(truncated: true), principal: "arn:aws:iam::111122223333:role/r")
        }
        #expect(truncated?.contains("IsTruncated is true") == true)
        let absentTruncated = Self.failure { () throws(InputError) in
            try Self.load(text: Self.minimal(truncated: true), principal: "arn:aws:iam::111122223333:role/x")
        }
        #expect(absentTruncated?.contains("truncated response (IsTruncated is true)") == true)
        let asText = Self.minimal().replacingOccurrences(
            of: "\"IsTruncated\": false", with: "\"IsTruncated\": \"true\"")
        let textTruncated = Self.failure { () throws(InputError) in
            try Self.load(text: asText, principal: "arn:aws:iam::111122223333:role/r")
        }
        #expect(textTruncated?.contains("IsTruncated is true") == true)
    }

    @Test("default versions: DefaultVersionId and IsDefaultVersion must agree; a lone unmarked version is the default")
    func defaultVersionRules() throws {
        let deny =
            #"{"Version": "2012-10-17", "Statement": [{"Sid": "D", "Effect": "Deny", "Action": "*", "Resource": "*"}]}"#
        let principal = "arn:aws:iam::111122223333:role/r"
        func load(_ policy: String) throws(InputError) -> PrincipalPolicies {
            try AuthorizationDetailsLoader.load(
                bytes: Array(Self.minimal(policies: "[\(policy)]").utf8), source: "inline.json", principal: principal)
        }
        let byID = try load(
            Self.policy("P", default: "v2", versions: [("v1", false, Self.allowAll), ("v2", true, deny)]))
        #expect(byID.policyLines == [.managedPolicy(arn: "\(Self.policies)P", version: "v2", group: nil)])
        #expect(byID.identityPolicies[0].statements.first?.sid == "D")
        let byFlag = try load(
            Self.policy("P", default: nil, versions: [("v1", false, Self.allowAll), ("v7", true, deny)]))
        #expect(byFlag.policyLines == [.managedPolicy(arn: "\(Self.policies)P", version: "v7", group: nil)])
        let lone = try load(Self.policy("P", default: nil, versions: [("v1", nil, deny)]))
        #expect(lone.identityPolicies[0].statements.first?.sid == "D")

        let conflicting = Self.failure { () throws(InputError) in
            try load(Self.policy("P", default: "v2", versions: [("v1", true, Self.allowAll), ("v2", false, deny)]))
        }
        #expect(conflicting?.contains("has DefaultVersionId 'v2' but IsDefaultVersion marks 'v1'") == true)
        let absent = Self.failure { () throws(InputError) in
            try load(Self.policy("P", default: "v3", versions: [("v1", false, Self.allowAll)]))
        }
        #expect(absent?.contains("has no version 'v3' (its DefaultVersionId)") == true)
        let unmarked = Self.failure { () throws(InputError) in
            try load(Self.policy("P", default: nil, versions: [("v1", nil, Self.allowAll), ("v2", nil, deny)]))
        }
        #expect(unmarked?.contains("cannot tell which version is in force") == true)
    }

    @Test("a principal or managed policy listed twice is ambiguous, not silently picked")
    func duplicates() {
        let role = #"{"RoleName": "r", "Arn": "arn:aws:iam::111122223333:role/r"}"#
        let twice = #"{"RoleDetailList": [ROLE, ROLE]}"#.replacingOccurrences(of: "ROLE", with: role)
        let message = Self.failure { () throws(InputError) in
            try Self.load(text: twice, principal: "arn:aws:iam::111122223333:role/r")
        }
        #expect(message?.contains("list 2 roles matching 'arn:aws:iam::111122223333:role/r'") == true)
        let policy = Self.policy("P", default: "v1", versions: [("v1", true, Self.allowAll)])
        let duplicatePolicy = Self.failure { () throws(InputError) in
            try Self.load(
                text: Self.minimal(policies: "[\(policy), \(policy)]"), principal: "arn:aws:iam::111122223333:role/r")
        }
        #expect(duplicatePolicy?.contains("list managed policy 'arn:aws:iam::111122223333:policy/P' 2 times") == true)
    }

    // MARK: Strictness

    @Test("malformed JSON in an unrelated role far into the file is reported at its line and column")
    func malformedFarAway() throws {
        let original = AuthorizationDetailsGenerator.make(roles: 300, users: 5, groups: 2, seed: 3)
        let marker = Array("\"RoleName\": \"\(AuthorizationDetailsGenerator.roleName(260))\"".utf8)
        let roleStart = try #require(Self.firstIndex(of: marker, in: original))
        let corruptions: [(String, [UInt8], [UInt8])] = [
            ("a missing comma", Array(",\n".utf8), Array("\n".utf8)),
            ("an invalid escape", Array("\"Effect\"".utf8), Array("\"Eff\\ect\"".utf8)),
            ("invalid UTF-8", Array("\"Effect\"".utf8), [0x22, 0x45, 0xFF, 0x22]),
            ("a bad number", Array("\"Action\"".utf8), Array("\"Action\": 01, \"X\"".utf8)),
        ]
        for (what, find, replacement) in corruptions {
            let at = try #require(Self.firstIndex(of: find, in: original, from: roleStart))
            let bytes = Array(original[..<at]) + replacement + Array(original[(at + find.count)...])
            var expected: JSONSyntaxError?
            do { _ = try JSONParser.parse(bytes) } catch { expected = error }
            let syntax = try #require(expected, "\(what) must be malformed")
            #expect(syntax.location.line > 1_000, "\(what) should be far into the file")
            let message = Self.failure { () throws(InputError) in
                try AuthorizationDetailsLoader.load(
                    bytes: bytes, source: "big.json", principal: AuthorizationDetailsGenerator.roleARN(0))
            }
            #expect(
                message == "authorization details 'big.json' line \(syntax.location): invalid JSON: \(syntax.message)",
                "\(what)")
        }
        let trailing = original + Array("\n{}".utf8)
        let message = Self.failure { () throws(InputError) in
            try AuthorizationDetailsLoader.load(
                bytes: trailing, source: "big.json", principal: AuthorizationDetailsGenerator.roleARN(0))
        }
        #expect(message?.hasSuffix("invalid JSON: trailing content after the JSON value") == true)
    }

    static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == first && Array(haystack[index..<(index + needle.count)]) == needle { return index }
            index += 1
        }
        return nil
    }

    @Test("a policy with an unknown operator is reported with the source that names where it came from")
    func unknownOperator() {
        let text = """
            {"RoleDetailList": [
              {"RoleName": "ci", "Arn": "arn:aws:iam::111122223333:role/ci",
               "RolePolicyList": [{"PolicyName": "deploy", "PolicyDocument": {
                 "Version": "2012-10-17",
                 "Statement": [{"Effect": "Allow", "Action": "imagebuilder:GetImage", "Resource": "*",
                   "Condition": {"StringEqual": {"aws:RequestedRegion": "us-east-1"}}}]}}]}]}
            """
        let message = Self.failure { () throws(InputError) in
            try Self.load(text: text, source: "auth.json", principal: "arn:aws:iam::111122223333:role/ci")
        }
        #expect(
            message?.hasPrefix("policy 'auth.json role 'ci' inline policy 'deploy'' line 6:22: ") == true,
            "\(message ?? "")")
        #expect(message?.contains("'StringEqual'") == true, "\(message ?? "")")

        let managed = Self.minimal(
            policies: "["
                + Self.policy(
                    "P", default: "v2",
                    versions: [
                        ("v1", false, Self.allowAll),
                        (
                            "v2", true,
                            #""%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Alow%22%2C%22Action%22%3A%22*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D""#
                        ),
                    ]) + "]")
        let managedMessage = Self.failure { () throws(InputError) in
            try Self.load(text: managed, source: "auth.json", principal: "arn:aws:iam::111122223333:role/r")
        }
        #expect(
            managedMessage?.hasPrefix(
                "policy 'auth.json managed policy 'arn:aws:iam::111122223333:policy/P' v2 (embedded document)' line 1:")
                == true, "\(managedMessage ?? "")")
    }

    @Test("wrong field types and non-details files are errors naming the line and key")
    func schemaErrors() {
        let cases: [(String, String)] = [
            (#"{"RoleDetailList": {}}"#, "line 1:20: 'RoleDetailList' must be an array, not an object"),
            (
                #"{"RoleDetailList": [{"RoleName": 5, "Arn": "x"}]}"#,
                "line 1:34: 'RoleName' must be a string, not a number"
            ),
            (#"{"RoleDetailList": [{"Arn": "arn:aws:iam::111122223333:role/r"}]}"#, "has no 'RoleName'"),
            (#"{"Version": "2012-10-17", "Statement": []}"#, "this is not get-account-authorization-details output"),
            ("[1]", "must be an object, not an array"),
            (
                #"{"RoleDetailList": [{"RoleName": "ci", "Arn": "arn:aws:iam::111122223333:role/ci", "RolePolicyList": "x"}]}"#,
                "'RolePolicyList' must be an array, not a string"
            ),
            (#"{"RoleDetailList": [], "RoleDetailList": []}"#, "duplicate key 'RoleDetailList'"),
            (
                #"{"RoleDetailList": [], "IsTruncated": "maybe"}"#,
                "line 1:39: 'IsTruncated' must be a boolean, not a string"
            ),
            (#"{"RoleDetailList": [], "IsTruncated": 1}"#, "'IsTruncated' must be a boolean, not a number"),
        ]
        for (text, expected) in cases {
            let message = Self.failure { () throws(InputError) in
                try Self.load(text: text, principal: "arn:aws:iam::111122223333:role/ci")
            }
            #expect(message?.contains(expected) == true, "\(text): \(message ?? "no error")")
        }
    }

    @Test("a file that cannot be read is an error naming it")
    func unreadableFile() {
        let message = Self.failure { () throws(InputError) in
            try AuthorizationDetailsLoader.load(
                path: "/nonexistent/auth.json", principal: "arn:aws:iam::111122223333:role/ci")
        }
        #expect(message == "cannot read authorization details '/nonexistent/auth.json': no such file or directory")
    }

    // MARK: Other shapes

    @Test("the raw API's JSON wrappers are accepted")
    func wrappers() throws {
        let text = """
            {"GetAccountAuthorizationDetailsResponse": {"GetAccountAuthorizationDetailsResult": {
              "RoleDetailList": [{"RoleName": "r", "Arn": "arn:aws:iam::111122223333:role/r", "RolePolicyList": [
                {"PolicyName": "p", "PolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D"}]}],
              "IsTruncated": false}, "ResponseMetadata": {"RequestId": "x"}}}
            """
        let role = try Self.load(text: text, principal: "arn:aws:iam::111122223333:role/r")
        #expect(role.policyLines == [.inlinePolicy(name: "p", holder: .role)])
    }

    @Test("records filled by another reader (text documents, as from XML) resolve the same way")
    func resolveRecords() throws {
        typealias Records = AuthorizationDetailsRecords
        let encoded =
            "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C"
            + "%22Action%22%3A%22imagebuilder%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D"
        let records = Records(
            users: [
                Records.User(
                    path: "/", name: "builder", arn: "arn:aws:iam::123456789012:user/builder",
                    inlinePolicies: [Records.InlinePolicy(name: "inline-s3", document: .text(encoded))],
                    groups: ["Builders"],
                    attachedPolicies: [
                        Records.AttachedPolicy(name: "P", arn: "arn:aws:iam::123456789012:policy/P")
                    ], tags: [Records.Tag(key: "team", value: "platform")])
            ],
            groups: [Records.Group(name: "Builders")],
            policies: [
                Records.ManagedPolicy(
                    name: "P", arn: "arn:aws:iam::123456789012:policy/P", defaultVersionID: "v2",
                    versions: [
                        Records.ManagedPolicy.Version(versionID: "v2", isDefault: true, document: .text(encoded)),
                        Records.ManagedPolicy.Version(versionID: "v1", isDefault: false, document: .text("{")),
                    ])
            ])
        let builder = try AuthorizationDetailsLoader.resolve(
            records, principal: "arn:aws:iam::123456789012:user/builder", source: "api")
        #expect(
            builder.policyLines == [
                .inlinePolicy(name: "inline-s3", holder: .user),
                .managedPolicy(arn: "arn:aws:iam::123456789012:policy/P", version: "v2", group: nil),
            ])
        #expect(builder.tags == ["team": "platform"])
        #expect(builder.identityPolicies[0].source.name == "api user 'builder' inline policy 'inline-s3'")
        let missing = Self.failure { () throws(InputError) in
            try AuthorizationDetailsLoader.resolve(
                Records(users: records.users, policies: records.policies),
                principal: "arn:aws:iam::123456789012:user/builder", source: "api")
        }
        #expect(missing?.contains("does not contain group 'Builders'") == true)
    }

    @Test("streaming load and whole-document decoding agree for every user and role of the fixture")
    func streamingMatchesDecoding() throws {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: Self.small)))
        let records = try AuthorizationDetailsRecords.decode(JSONParser.parse(bytes), source: "s")
        #expect(records.users.count == 3)
        #expect(records.roles.count == 4)
        #expect(records.groups.count == 2)
        #expect(records.policies.count == 8)
        let principals = records.users.map(\.arn) + records.roles.map(\.arn)
        for principal in principals {
            let streamed = try AuthorizationDetailsLoader.load(bytes: bytes, source: "s", principal: principal)
            let decoded = try AuthorizationDetailsLoader.resolve(records, principal: principal, source: "s")
            #expect(streamed.policyLines == decoded.policyLines, "\(principal)")
            #expect(Self.shape(streamed) == Self.shape(decoded), "\(principal)")
            #expect(streamed.tags == decoded.tags)
            // Locations of object documents are those of the whole file.
            #expect(
                streamed.identityPolicies.map { $0.statements.map(\.location) }
                    == decoded.identityPolicies.map { $0.statements.map(\.location) })
        }
    }

    @Test("the generator is deterministic and every kind of generated principal loads")
    func generator() throws {
        let first = AuthorizationDetailsGenerator.make(roles: 30, users: 8, groups: 3, seed: 11)
        #expect(first == AuthorizationDetailsGenerator.make(roles: 30, users: 8, groups: 3, seed: 11))
        #expect(first != AuthorizationDetailsGenerator.make(roles: 30, users: 8, groups: 3, seed: 12))
        _ = try JSONParser.parse(first)
        for index in [0, 3, 7, 16, 29] {
            let role = try AuthorizationDetailsLoader.load(
                bytes: first, source: "g", principal: AuthorizationDetailsGenerator.roleARN(index))
            #expect(role.principal.identifier == AuthorizationDetailsGenerator.roleARN(index))
            #expect(role.identityPolicies.count >= 2)
            #expect(role.permissionsBoundary != nil || index % 8 != 0)
        }
        let user = try AuthorizationDetailsLoader.load(
            bytes: first, source: "g", principal: AuthorizationDetailsGenerator.userARN(0))
        #expect(user.groups.count == 2)
        #expect(user.permissionsBoundary != nil)
    }
}

extension AuthorizationDetailsTests {
    /// The streaming reader: walking, skipping, building subtrees with the whole document's locations, and the same
    /// errors as `JSONParser` wherever the malformed bytes are, read or skipped.
    @Suite("JSONCursor")
    struct JSONCursorTests {
        static func loc(_ line: Int, _ column: Int) -> JSON.SourceLocation {
            JSON.SourceLocation(line: line, column: column)
        }

        /// A node with every location, to compare trees exactly.
        static func render(_ node: JSONNode) -> String {
            let at = "@\(node.location)"
            switch node.kind {
            case .null: return "null" + at
            case .bool(let flag): return "\(flag)" + at
            case .number(let text): return text + at
            case .string(let text): return "\"\(text)\"" + at
            case .array(let elements): return "[" + elements.map(render).joined(separator: ",") + "]" + at
            case .object(let members):
                return "{"
                    + members.map { "\($0.key)@\($0.keyLocation):" + render($0.value) }.joined(separator: ",") + "}"
                    + at
            }
        }

        /// Reads every value with the typed calls, entering every container.
        static func walk(_ cursor: inout JSONCursor) throws(JSONSyntaxError) {
            switch try cursor.peek() {
            case .object:
                _ = try cursor.enterObject()
                while try cursor.nextKey() != nil { try walk(&cursor) }
            case .array:
                _ = try cursor.enterArray()
                while try cursor.nextElement() { try walk(&cursor) }
            case .string: _ = try cursor.readString()
            case .number: _ = try cursor.readNumber()
            case .bool: _ = try cursor.readBool()
            case .null: _ = try cursor.readNull()
            }
        }

        enum Strategy: String, CaseIterable {
            /// `finish()` alone: the whole document is skipped.
            case skipAll
            /// Every container entered, every scalar read.
            case walk
            /// The outer container entered, its members skipped by `nextKey()` / `nextElement()`.
            case outerOnly
            /// The whole document built with `readNode()`.
            case readNode
        }

        /// A cursor over `bytes`, or over `bytes` without their lines' indentation when `stripped` (and there is some).
        static func cursor(_ bytes: [UInt8], stripped: Bool) throws(JSONSyntaxError) -> JSONCursor {
            if stripped, let compact = LineIndentation.strip(bytes) {
                return try JSONCursor(bytes: compact.bytes, indentation: compact.indentation)
            }
            return try JSONCursor(bytes: bytes)
        }

        static func run(_ bytes: [UInt8], _ strategy: Strategy, stripped: Bool = false) -> JSONSyntaxError? {
            do {
                var cursor = try cursor(bytes, stripped: stripped)
                switch strategy {
                case .skipAll:
                    break
                case .walk:
                    try walk(&cursor)
                case .outerOnly:
                    if try cursor.enterObject() {
                        while try cursor.nextKey() != nil {}
                    } else if try cursor.enterArray() {
                        while try cursor.nextElement() {}
                    }
                case .readNode:
                    _ = try cursor.readNode()
                }
                try cursor.finish()
                return nil
            } catch {
                return error
            }
        }

        static func oracle(_ bytes: [UInt8]) -> JSONSyntaxError? {
            do {
                _ = try JSONParser.parse(bytes)
                return nil
            } catch {
                return error
            }
        }

        @Test("walking reads keys and scalars, with key locations, and skips what is left unread")
        func walking() throws {
            let text = """
                {
                  "a": 1,
                  "b": {"c": [true, null, "x\\u00e9\\n"]},
                  "d": {"skip": ["me", {"too": 1}]},
                  "e": -2.5e3
                }
                """
            var cursor = try JSONCursor(bytes: Array(text.utf8))
            #expect(try cursor.enterObject())
            #expect(cursor.depth == 1)
            #expect(try cursor.nextKey() == "a")
            #expect(cursor.keyLocation == Self.loc(2, 3))
            #expect(cursor.position.location == Self.loc(2, 8))
            #expect(try cursor.readString() == nil)
            #expect(try cursor.readBool() == nil)
            #expect(try cursor.readNull() == false)
            #expect(try cursor.enterArray() == false)
            #expect(try cursor.enterObject() == false)
            #expect(try cursor.peek() == .number)
            #expect(try cursor.readNumber() == "1")
            #expect(try cursor.nextKey() == "b")
            #expect(try cursor.enterObject())
            #expect(try cursor.nextKey() == "c")
            #expect(try cursor.enterArray())
            #expect(cursor.depth == 3)
            #expect(try cursor.nextElement())
            #expect(try cursor.readBool() == true)
            #expect(try cursor.nextElement())
            #expect(try cursor.readNull())
            #expect(try cursor.nextElement())
            #expect(try cursor.readString() == "xé\n")
            #expect(try cursor.nextElement() == false)
            #expect(try cursor.nextKey() == nil)
            #expect(try cursor.nextKey() == "d")
            #expect(try cursor.nextKey() == "e")
            #expect(cursor.keyLocation == Self.loc(5, 3))
            #expect(try cursor.readNumber() == "-2.5e3")
            #expect(try cursor.nextKey() == nil)
            #expect(cursor.isAtEnd)
            try cursor.finish()
        }

        static let validDocuments: [String] = [
            "null", "true", "-0.5E+3", "\"text\"", "[]", "{}", "[ ]", "{ \n }",
            "[1,[true,[null]],{}]",
            "{\"a\":{\"b\":[1,\"x\"]},\"c\":false}",
            " \t\r\n [ 1 , 2 ] \r\n\t ",
            "{\r\n  \"k\\\"ey\" : \"v\\\\al\\/\\b\\f\\n\\r\\t\\u0041\\ud83d\\ude00\",\r\n  \"é😀\": [\"é😀\", 1e-5]\n}",
            "\u{FEFF}[1, 2]",
            "[\"0123456789abcdef\\\"0123456789\", \"é0123456789abcdef\"]",
            """
            {
                "UserDetailList": [],
                "RoleDetailList": [
                    {
                        "RoleName": "ci",
                        "RolePolicyList": [{"PolicyName": "p", "PolicyDocument": {"Statement": [1, 2.5, -3]}}]
                    }
                ]
            }
            """,
        ]

        @Test("skipping and building accept valid documents and build the same tree as JSONParser")
        func validDocumentsMatch() throws {
            for text in Self.validDocuments {
                let bytes = Array(text.utf8)
                for strategy in Strategy.allCases {
                    #expect(Self.run(bytes, strategy) == nil, "\(strategy): \(text)")
                }
                var cursor = try JSONCursor(bytes: bytes)
                let start = cursor.position
                let node = try cursor.readNode()
                try cursor.finish()
                #expect(Self.render(node) == Self.render(try JSONParser.parse(bytes)), "\(text)")
                let span = cursor.span(from: start)
                let trimmed = String(decoding: bytes[span.range], as: UTF8.self)
                #expect(trimmed == text.trimmingCharacters(in: .whitespacesAndNewlines.union(["\u{FEFF}"])))
            }
        }

        @Test("a subtree built on demand, now or later from its span, has the locations of the whole document")
        func subtreeLocations() throws {
            let text = """
                {"first": 1,
                  "roles": [
                    {"name": "a",
                     "doc": {"Statement": [{"Effect": "Allow",
                        "Action": ["x:Y", "x:Z"]}]}},
                    {"name": "b", "doc": {"Statement": []}}
                  ]
                }
                """
            let bytes = Array(text.utf8)
            let whole = try JSONParser.parse(bytes)
            let roles = try #require(whole.objectValue?[1].value.arrayValue)
            var cursor = try JSONCursor(bytes: bytes)
            _ = try cursor.enterObject()
            #expect(try cursor.nextKey() == "first")
            #expect(try cursor.nextKey() == "roles")
            _ = try cursor.enterArray()
            var spans: [JSONCursor.Span] = []
            while try cursor.nextElement() {
                spans.append(try cursor.skipValue())
            }
            try cursor.finish()
            #expect(spans.count == 2)
            for (span, role) in zip(spans, roles) {
                #expect(Self.render(try cursor.node(in: span)) == Self.render(role))
            }

            var again = try JSONCursor(bytes: bytes)
            _ = try again.enterObject()
            _ = try again.nextKey()
            _ = try again.nextKey()
            _ = try again.enterArray()
            _ = try again.nextElement()
            _ = try again.enterObject()
            #expect(try again.nextKey() == "name")
            #expect(try again.nextKey() == "doc")
            let document = try again.readNode()
            #expect(document.location == Self.loc(4, 13))
            let expected = try #require(roles[0].objectValue?[1].value)
            #expect(Self.render(document) == Self.render(expected))
        }

        static let malformedTexts: [String] = [
            "{\"a\": 1", "[1, 2", "{", "[\n", "{\"a\":", "{\"a\"  ", "[1,", "[\n  \"abc", "{\"abc", "\"ab\\", "\"\\u12",
            "tru", "-", "{} x", "1 2", "nullx", "[1,]", "{\"a\":1,}", "[,1]", "{a:1}", "{\"a\":1, 2:3}", "[1 2]", "[1}",
            "}", "{\"a\":}", "True", "[nul1]", "['a']", "// x\n1", "[\u{A0}1]", "[é]", "01", "-01", "1.", "1.e5", "1e",
            "1e+", "-a", "\"\\x\"", "\"\\u12G4\"", "\"\\uD800\"", "\"\\uD800\\u0041\"", "\"\\uDC00\"", "\"a\nb\"",
            "\"\t\"", "[\"\\\"]", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "[[[]]", "\u{7F}", "[\u{1}]", "\"\\",
        ]

        static let malformedBytes: [[UInt8]] = [
            [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],
            [0x22, 0xE2, 0x82, 0x22], [0x22, 0x61, 0xFF, 0x22], [0x5B, 0xFF, 0x5D], [0x5B, 0xE2, 0x80, 0xA8, 0x5D],
        ]

        static var malformedFragments: [[UInt8]] { malformedTexts.map { Array($0.utf8) } + malformedBytes }

        /// Each fragment alone, as the value of a skipped member deep in a file, and as a late array element.
        static func malformedDocuments() -> [[UInt8]] {
            let deepPrefix: [UInt8] = Array("{\n  \"keep\": [1, {\"x\": \"y\"}],\n  \"skipped\": {\"deeper\": [".utf8)
            let deepSuffix: [UInt8] = Array("]},\n  \"after\": true\n}".utf8)
            let latePrefix: [UInt8] = Array("[0,\n  \"é\", ".utf8)
            let lateSuffix: [UInt8] = Array(" ]".utf8)
            var documents: [[UInt8]] = []
            for fragment in malformedFragments {
                documents.append(fragment)
                documents.append(deepPrefix + fragment + deepSuffix)
                documents.append(latePrefix + fragment + lateSuffix)
            }
            return documents
        }

        @Test("malformed input is reported as JSONParser reports it, whether read, skipped or built")
        func malformedMatchesParser() throws {
            var checked = 0
            for bytes in Self.malformedDocuments() {
                let expected = Self.oracle(bytes)
                for strategy in Strategy.allCases {
                    let found = Self.run(bytes, strategy)
                    let shown = String(decoding: bytes, as: UTF8.self).debugDescription
                    let outcome = "\(found?.description ?? "accepted") vs \(expected?.description ?? "accepted")"
                    #expect(found == expected, "\(strategy) on \(shown): \(outcome)")
                    checked += 1
                }
            }
            #expect(checked > 400)
            #expect(Self.malformedFragments.allSatisfy { Self.oracle($0) != nil })
        }

        /// Documents with indented lines: the valid ones, the malformed ones, each indented the way the AWS CLI
        /// indents (four spaces a level), with tabs, and with a line indented deeper than the 255 bytes a line may lose.
        static func indentedDocuments() -> [[UInt8]] {
            var documents = (validDocuments.map { Array($0.utf8) } + malformedDocuments()).filter {
                LineIndentation.strip($0) != nil
            }
            documents.append(
                Array("{\n    \"a\": [\n\t\t1,\n \t  {\"b\":\n        null}\n    ],\n    \"c\": tru\n}".utf8))
            func spaces(_ count: Int) -> String { String(repeating: " ", count: count) }
            documents.append(Array("[\n\(spaces(300))1,\n\(spaces(600))x]".utf8))
            documents.append(Array("[\n\(spaces(300))1,\n\(spaces(256))2]".utf8))
            // A raw line break inside a string, the next line indented: the break is the first error.
            documents.append(Array("{\n  \"a\": \"one\n      two\"\n}".utf8))
            return documents
        }

        @Test("a document without its indentation reads as the original: the same tree, locations and first error")
        func strippedIndentation() throws {
            var checked = 0
            for bytes in Self.indentedDocuments() {
                let shown = String(decoding: bytes, as: UTF8.self).debugDescription
                let compact = try #require(LineIndentation.strip(bytes), "\(shown) has indented lines")
                #expect(compact.bytes.count < bytes.count)
                #expect(compact.bytes.filter { $0 == 0x0A }.count == bytes.filter { $0 == 0x0A }.count)
                let expected = Self.oracle(bytes)
                for strategy in Strategy.allCases {
                    let found = Self.run(bytes, strategy, stripped: true)
                    let outcome = "\(found?.description ?? "accepted") vs \(expected?.description ?? "accepted")"
                    #expect(found == expected, "\(strategy) on \(shown): \(outcome)")
                    checked += 1
                }
                guard expected == nil else { continue }
                var cursor = try Self.cursor(bytes, stripped: true)
                let node = try cursor.readNode()
                #expect(Self.render(node) == Self.render(try JSONParser.parse(bytes)), "\(shown)")
            }
            #expect(checked > 300)
        }

        @Test("a span of a stripped document builds its subtree with the original document's locations")
        func strippedSubtreeLocations() throws {
            let text = """
                {
                    "RoleDetailList": [
                        {
                            "RoleName": "a",
                            "RolePolicyList": [
                                {"PolicyDocument": {
                                    "Statement": [{"Effect": "Allow",
                                        "Action": ["x:Y", "x:Z"]}]}}
                            ]
                        },
                        {"RoleName": "b"}
                    ]
                }
                """
            let bytes = Array(text.utf8)
            let roles = try #require(try JSONParser.parse(bytes).objectValue?[0].value.arrayValue)
            var cursor = try Self.cursor(bytes, stripped: true)
            #expect(cursor.indentation != nil)
            _ = try cursor.enterObject()
            #expect(try cursor.nextKey() == "RoleDetailList")
            #expect(cursor.keyLocation == Self.loc(2, 5))
            _ = try cursor.enterArray()
            var spans: [JSONCursor.Span] = []
            while try cursor.nextElement() {
                spans.append(try cursor.skipValue())
            }
            try cursor.finish()
            #expect(spans.map(\.start.location) == [Self.loc(3, 9), Self.loc(11, 9)])
            for (span, role) in zip(spans, roles) {
                #expect(Self.render(try cursor.node(in: span)) == Self.render(role))
            }
        }

        @Test("only indentation is taken out: nothing when no line is indented, and never a line break")
        func stripsOnlyIndentation() throws {
            #expect(LineIndentation.strip(Array("{\"a\": [1, 2]}".utf8)) == nil)
            #expect(LineIndentation.strip(Array("[1,\n2 ,\n3 ]  ".utf8)) == nil)
            #expect(LineIndentation.strip([]) == nil)
            let compact = try #require(LineIndentation.strip(Array("[\n  1,\n\n\t \n 2 ]".utf8)))
            #expect(String(decoding: compact.bytes, as: UTF8.self) == "[\n1,\n\n\n2 ]")
            #expect(compact.indentation.original(Self.loc(2, 1)) == Self.loc(2, 3))
            #expect(compact.indentation.original(Self.loc(3, 1)) == Self.loc(3, 1))
            #expect(compact.indentation.original(Self.loc(5, 3)) == Self.loc(5, 4))
            #expect(compact.indentation.original(Self.loc(1, 2)) == Self.loc(1, 2))
        }

        @Test("nesting is limited to 512 levels across entered and skipped containers, as in JSONParser")
        func depthLimit() throws {
            for depth in [512, 513] {
                let bytes =
                    Array(String(repeating: "[", count: depth).utf8) + Array(String(repeating: "]", count: depth).utf8)
                let expected = Self.oracle(bytes)
                #expect((expected == nil) == (depth == 512))
                for strategy in Strategy.allCases {
                    #expect(Self.run(bytes, strategy) == expected, "\(strategy) at depth \(depth)")
                }
                // Ten levels entered, the rest skipped.
                var cursor = try JSONCursor(bytes: bytes)
                var found: JSONSyntaxError?
                do {
                    for _ in 0..<10 {
                        _ = try cursor.enterArray()
                        _ = try cursor.nextElement()
                    }
                    try cursor.skipValue()
                    try cursor.finish()
                } catch {
                    found = error
                }
                #expect(found == expected)
            }
            let custom = try JSONCursor(bytes: Array("[[[]]]".utf8), maxDepth: 2)
            var limited = custom
            #expect(throws: JSONSyntaxError.self) { try limited.finish() }
        }

        @Test("an empty document is an error at 1:1")
        func emptyDocument() {
            for bytes in [[], Array(" \n ".utf8), [0xEF, 0xBB, 0xBF]] as [[UInt8]] {
                var found: JSONSyntaxError?
                do { _ = try JSONCursor(bytes: bytes) } catch { found = error }
                #expect(found?.message == "the document is empty")
                #expect(found?.location == Self.loc(1, 1))
            }
        }
    }
}
