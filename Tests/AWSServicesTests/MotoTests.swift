import AWSCore
import AWSServices
import AWSTestSupport
import Foundation
import Testing

/// The fixtures the moto tests share, created in one moto before it starts requiring signatures: a user `ci` (in
/// group `builders`, allowed everything, with an access key), a role `Builder` at path `/build/` and a role `Deploy`,
/// both trusting `ci`, and two managed policies.
struct MotoFixtures: Sendable {
    @TaskLocal static var current: MotoFixtures?

    static let pipelinePolicy =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"imagebuilder:*","Resource":"*"}]}"#
    static let boundaryPolicy =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","imagebuilder:*"],"Resource":"*"}]}"#
    static let readPolicy =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::artifacts/*"}]}"#

    let moto: MotoServer
    let user: String
    let credentials: AWSCredentials
    let boundary: String
    let pipeline: String
    let trustPolicy: String
    let builderRole: String
    let deployRole: String

    init(creatingIn moto: MotoServer) throws {
        self.moto = moto
        boundary = try moto.createPolicy("BuilderBoundary", document: Self.boundaryPolicy)
        pipeline = try moto.createPolicy("PipelineAccess", document: Self.pipelinePolicy, description: "pipelines")
        user = try moto.createUser("ci", tags: ["team": "platform"])
        try moto.putUserPolicy(user: "ci", name: "everything", document: MotoServer.allowAllPolicy)
        try moto.createGroup("builders")
        try moto.addUserToGroup(user: "ci", group: "builders")
        try moto.putGroupPolicy(group: "builders", name: "read-artifacts", document: Self.readPolicy)
        try moto.attachGroupPolicy(group: "builders", policyArn: pipeline)
        // moto matches the trust policy's principal literally: it must be the caller's ARN, not the account root.
        trustPolicy =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"\#(user)"},"#
            + #""Action":"sts:AssumeRole"}]}"#
        builderRole = try moto.createRole(
            "Builder", trustPolicy: trustPolicy, path: "/build/", permissionsBoundary: boundary)
        try moto.putRolePolicy(role: "Builder", name: "read-artifacts", document: Self.readPolicy)
        try moto.attachRolePolicy(role: "Builder", policyArn: pipeline)
        try moto.tagRole("Builder", tags: ["env": "ci", "owner": "platform team"])
        deployRole = try moto.createRole("Deploy", trustPolicy: trustPolicy)
        credentials = try moto.createAccessKey(user: "ci")
        try moto.requireSignatures()
    }
}

/// Runs the moto suite with one moto and its ``MotoFixtures``, stopped after the last test.
struct SharedMoto: SuiteTrait, TestScoping {
    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let fixtures = try MotoFixtures(creatingIn: moto)
        try await MotoFixtures.$current.withValue(fixtures) { try await function() }
    }
}

/// The clients and the credential chain against moto's server, which keeps real IAM and STS state and checks real
/// SigV4 signatures once fixtures are in place: keys it issued, session tokens of roles it let assume, policies it
/// stores. The suite shares one moto (``SharedMoto``).
@Suite("IAM and STS clients and the credential chain against moto", SharedMoto())
struct MotoTests {
    static let account = MotoServer.accountId

    let fixtures: MotoFixtures
    let transport: CurlTransport

    init() throws {
        guard let fixtures = MotoFixtures.current else {
            throw TestServerFailure(description: "the suite has no shared moto")
        }
        self.fixtures = fixtures
        transport = try CurlTransport()
    }

    func iam(_ credentials: AWSCredentials) -> IAMClient {
        IAMClient(
            endpoint: fixtures.moto.endpoint, region: "us-east-1", credentials: credentials, transport: transport,
            clock: SigningClock(), sleeper: RecordingSleeper(), random: FixedRandomSource(0.5))
    }

    func sts(_ credentials: AWSCredentials) -> STSClient {
        STSClient(
            endpoint: fixtures.moto.endpoint, region: "us-east-1", credentials: credentials, transport: transport,
            clock: SigningClock(), sleeper: RecordingSleeper(), random: FixedRandomSource(0.5))
    }

    /// Signing and decoding against a real verifier: a key moto issued signs `GetCallerIdentity` and
    /// `GetAccountAuthorizationDetails`, and the users, groups, roles, inline and managed policies, the role's
    /// permissions boundary (moto keeps none for users) and tags moto stored come back decoded (policy documents
    /// URL-encoded on the wire, the trust policy not, as moto sends it).
    @Test func identityAndAuthorizationDetailsWithACreatedKey() throws {
        let identity = try sts(fixtures.credentials).getCallerIdentity()
        #expect(identity.arn == fixtures.user && identity.account == Self.account)

        let details = try iam(fixtures.credentials).getAccountAuthorizationDetails()
        let ci = try #require(details.userDetailList.first { $0.userName == "ci" })
        #expect(ci.arn == fixtures.user)
        #expect(ci.groupList == ["builders"])
        #expect(ci.userPolicyList.map(\.policyName) == ["everything"])
        #expect(ci.userPolicyList.first?.decodedDocument == MotoServer.allowAllPolicy)
        #expect(ci.tags == [Tag(key: "team", value: "platform")])

        let group = try #require(details.groupDetailList.first { $0.groupName == "builders" })
        #expect(group.groupPolicyList.first?.decodedDocument == MotoFixtures.readPolicy)
        #expect(group.attachedManagedPolicies.map(\.policyArn) == [fixtures.pipeline])

        let builder = try #require(details.roleDetailList.first { $0.roleName == "Builder" })
        #expect(builder.arn == fixtures.builderRole && builder.path == "/build/")
        #expect(builder.decodedAssumeRolePolicyDocument == fixtures.trustPolicy)
        #expect(builder.rolePolicyList.first?.decodedDocument == MotoFixtures.readPolicy)
        #expect(builder.attachedManagedPolicies.map(\.policyName) == ["PipelineAccess"])
        #expect(builder.permissionsBoundary?.permissionsBoundaryArn == fixtures.boundary)
        #expect(Set(builder.tags) == [Tag(key: "env", value: "ci"), Tag(key: "owner", value: "platform team")])

        // moto 5.2 leaves PolicyName and PolicyId out of these members (AWS sends them); the ARN names the policy.
        #expect(Set(details.policies.compactMap(\.arn)) == [fixtures.boundary, fixtures.pipeline])
        let managed = try #require(details.policies.first { $0.arn == fixtures.pipeline })
        #expect(managed.defaultVersion?.decodedDocument == MotoFixtures.pipelinePolicy)
        #expect(managed.attachmentCount == 2)
    }

    /// Signing errors against a real verifier: a wrong secret is `SignatureDoesNotMatch` and an unknown key
    /// `InvalidClientTokenId`, each one sentence with moto's request id, neither retried.
    @Test func signingErrorsAreOneSentence() throws {
        let wrongSecret = AWSCredentials(
            accessKeyId: fixtures.credentials.accessKeyId, secretAccessKey: "not-the-secret")
        let signatureError = #expect(throws: AWSServiceError.self) {
            try iam(wrongSecret).getAccountAuthorizationDetails()
        }
        let signatureText = signatureError?.description ?? ""
        #expect(signatureError?.code == "SignatureDoesNotMatch")
        #expect(signatureError?.requestId?.isEmpty == false)
        #expect(
            signatureText.hasPrefix(
                "SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided.")
        )
        #expect(!signatureText.contains("\n") && !signatureText.contains("attempts"))

        let unknownKey = AWSCredentials(accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: "whatever")
        let keyError = #expect(throws: AWSServiceError.self) {
            try sts(unknownKey).getCallerIdentity()
        }
        #expect(keyError?.code == "InvalidClientTokenId")
        #expect(keyError?.description.contains("(request ") == true)
    }

    /// Credential chain: a profile with `role_arn` and `source_profile` in the config file named by
    /// `AWS_CONFIG_FILE` assumes the role through the STS endpoint of `AWS_ENDPOINT_URL_STS` with the source
    /// profile's keys; the session credentials then sign `GetCallerIdentity` as the assumed role, and moto refuses
    /// them with a wrong session token (`InvalidClientTokenId`).
    @Test func assumeRoleProfileThroughMoto() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "iamgate-moto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("config")
        try """
        [profile source]
        aws_access_key_id = \(fixtures.credentials.accessKeyId)
        aws_secret_access_key = \(fixtures.credentials.secretAccessKey)

        [profile deploy]
        role_arn = \(fixtures.deployRole)
        source_profile = source
        role_session_name = iamgate-test
        region = us-east-1
        """.write(to: config, atomically: true, encoding: .utf8)
        let environment = Environment(variables: [
            "HOME": directory.path, "AWS_CONFIG_FILE": config.path,
            "AWS_SHARED_CREDENTIALS_FILE": directory.appendingPathComponent("credentials").path,
            "AWS_PROFILE": "deploy", "AWS_ENDPOINT_URL_STS": fixtures.moto.endpoint.absoluteString,
        ])
        let configuration = try ProfileResolver(environment: environment).resolve()
        let context = CredentialContext(configuration: configuration, environment: environment, transport: transport)
        let resolved = try CredentialChain.standard(context: context).resolve()
        #expect(resolved.source == "assume role")
        #expect(resolved.credentials.sessionToken?.isEmpty == false)
        #expect(resolved.credentials.accessKeyId != fixtures.credentials.accessKeyId)

        let identity = try sts(resolved.credentials).getCallerIdentity()
        #expect(identity.arn == "arn:aws:sts::\(Self.account):assumed-role/Deploy/iamgate-test")
        #expect(STSClient.roleARN(forAssumedRoleSession: identity.arn) == fixtures.deployRole)

        var tampered = resolved.credentials
        tampered.sessionToken = "not-the-session-token"
        let error = #expect(throws: AWSServiceError.self) {
            try sts(tampered).getCallerIdentity()
        }
        #expect(error?.code == "InvalidClientTokenId")
    }
}
