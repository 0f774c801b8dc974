import AWSCore
import AWSServices
import AWSTestSupport
import Foundation
import Testing

/// The organization the Organizations moto tests share, made by moto's own account (its management account): SCPs and
/// RCPs enabled at the root; OU `Workloads` holding member account `dev`; SCP `DenyImageDelete` attached to the OU and
/// to the account (one policy, two levels); RCP `KeysInOrganization` at the root; OU `Crowded` with 21 SCPs besides
/// FullAWSAccess (more than moto's page of 20); a management-account user `org-reader` allowed Organizations' reads, a
/// user `no-organizations` allowed only IAM and STS, and a user `dev-ci` in the member account.
struct OrganizationsMotoFixtures: Sendable {
    @TaskLocal static var current: OrganizationsMotoFixtures?

    static let denyImageDelete =
        #"{"Version":"2012-10-17","Statement":[{"Sid":"KeepImages","Effect":"Deny","Action":"imagebuilder:DeleteImage","Resource":"*"}]}"#
    static let keysInOrganization =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*","#
        + #""Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-exampleorgid"}}}]}"#
    static let readOrganization =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["organizations:Describe*","organizations:List*"],"Resource":"*"}]}"#
    static let iamAndSTS =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","sts:*"],"Resource":"*"}]}"#

    let moto: MotoServer
    let root: String
    let workloads: String
    let crowded: String
    let dev: String
    let denyImageDelete: String
    let keysInOrganization: String
    let reader: AWSCredentials
    let outsider: AWSCredentials
    let member: AWSCredentials

    init(creatingIn moto: MotoServer) throws {
        self.moto = moto
        root = try moto.createOrganization()
        try moto.enablePolicyType("SERVICE_CONTROL_POLICY", root: root)
        try moto.enablePolicyType("RESOURCE_CONTROL_POLICY", root: root)
        workloads = try moto.createOrganizationalUnit("Workloads", parent: root)
        crowded = try moto.createOrganizationalUnit("Crowded", parent: root)
        dev = try moto.createAccount("dev", root: root, parent: workloads)
        denyImageDelete = try moto.createOrganizationPolicy(
            "DenyImageDelete", type: "SERVICE_CONTROL_POLICY", content: Self.denyImageDelete)
        try moto.attachOrganizationPolicy(denyImageDelete, to: workloads)
        try moto.attachOrganizationPolicy(denyImageDelete, to: dev)
        keysInOrganization = try moto.createOrganizationPolicy(
            "KeysInOrganization", type: "RESOURCE_CONTROL_POLICY", content: Self.keysInOrganization)
        try moto.attachOrganizationPolicy(keysInOrganization, to: root)
        for index in 1...21 {
            let policy = try moto.createOrganizationPolicy(
                "Crowd\(index)", type: "SERVICE_CONTROL_POLICY", content: Self.denyImageDelete)
            try moto.attachOrganizationPolicy(policy, to: crowded)
        }
        try moto.createUser("org-reader")
        try moto.putUserPolicy(user: "org-reader", name: "read", document: Self.readOrganization)
        reader = try moto.createAccessKey(user: "org-reader")
        try moto.createUser("no-organizations")
        try moto.putUserPolicy(user: "no-organizations", name: "iam", document: Self.iamAndSTS)
        outsider = try moto.createAccessKey(user: "no-organizations")
        let setup = try moto.assumeRole(
            "arn:aws:iam::\(dev):role/OrganizationAccountAccessRole", session: "fixtures")
        try moto.createUser("dev-ci", credentials: setup)
        try moto.putUserPolicy(user: "dev-ci", name: "all", document: MotoServer.allowAllPolicy, credentials: setup)
        member = try moto.createAccessKey(user: "dev-ci", credentials: setup)
        try moto.requireSignatures()
    }
}

/// Runs the suite with one moto and its ``OrganizationsMotoFixtures``, stopped after the last test.
struct SharedOrganizationsMoto: SuiteTrait, TestScoping {
    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let fixtures = try OrganizationsMotoFixtures(creatingIn: moto)
        try await OrganizationsMotoFixtures.$current.withValue(fixtures) { try await function() }
    }
}

/// Counts the requests a client sends.
final class CountingTransport: HTTPTransport, @unchecked Sendable {
    // @unchecked: `sent` is only touched while `lock` is held.
    private let wrapped: any HTTPTransport
    private let lock = NSLock()
    private var sent: [HTTPRequest] = []

    init(_ wrapped: any HTTPTransport) {
        self.wrapped = wrapped
    }

    var requests: [HTTPRequest] { lock.withLock { sent } }

    func send(_ request: HTTPRequest, timeout: HTTPTimeouts) throws(TransportError) -> HTTPResponse {
        lock.withLock { sent.append(request) }
        return try wrapped.send(request, timeout: timeout)
    }
}

/// The Organizations client against moto's Organizations, which keeps what the fixtures made and checks every
/// signature and the caller's IAM policies once they are in place.
@Suite("Organizations client against moto", SharedOrganizationsMoto())
struct OrganizationsMotoTests {
    let fixtures: OrganizationsMotoFixtures
    let transport: CountingTransport

    init() throws {
        guard let fixtures = OrganizationsMotoFixtures.current else {
            throw TestServerFailure(description: "the suite has no shared moto")
        }
        self.fixtures = fixtures
        transport = CountingTransport(try CurlTransport())
    }

    func client(_ credentials: AWSCredentials) -> OrganizationsClient {
        OrganizationsClient(
            endpoint: fixtures.moto.endpoint, credentials: credentials, transport: transport, clock: SigningClock(),
            sleeper: RecordingSleeper(), random: FixedRandomSource(0.5))
    }

    /// The tree as moto holds it, read with the management account's keys: the management account, both policy types
    /// enabled at the root, account → OU → root, the SCP attached at the OU and at the account (the same id), the RCP
    /// at the root next to RCPFullAWSAccess, and each document as it was created.
    @Test func theManagementAccountReadsTheTree() throws {
        let client = client(fixtures.reader)
        let organization = try client.describeOrganization()
        #expect(organization.managementAccountId == MotoServer.accountId)
        let root = try #require(try client.listRoots().first)
        #expect(root.id == fixtures.root)
        #expect(
            root.status(of: .serviceControlPolicy) == .enabled && root.status(of: .resourceControlPolicy) == .enabled)
        #expect(
            try client.listParents(childId: fixtures.dev) == [
                OrganizationParent(id: fixtures.workloads, kind: .organizationalUnit)
            ])
        #expect(
            try client.listParents(childId: fixtures.workloads) == [OrganizationParent(id: fixtures.root, kind: .root)])
        let atUnit = try client.listPoliciesForTarget(targetId: fixtures.workloads, type: .serviceControlPolicy)
        let atAccount = try client.listPoliciesForTarget(targetId: fixtures.dev, type: .serviceControlPolicy)
        #expect(atUnit.map(\.id).sorted() == ["p-FullAWSAccess", fixtures.denyImageDelete].sorted())
        #expect(atAccount.map(\.id).sorted() == ["p-FullAWSAccess", fixtures.denyImageDelete].sorted())
        #expect(atUnit.first { $0.id == "p-FullAWSAccess" }?.awsManaged == true)
        let rcps = try client.listPoliciesForTarget(targetId: fixtures.root, type: .resourceControlPolicy)
        #expect(rcps.map(\.id).sorted() == ["p-RCPFullAWSAccess", fixtures.keysInOrganization].sorted())
        let rcp = try client.describePolicy(policyId: fixtures.keysInOrganization)
        #expect(rcp.summary.type == .resourceControlPolicy && rcp.summary.name == "KeysInOrganization")
        #expect(rcp.content == OrganizationsMotoFixtures.keysInOrganization)
        #expect(
            transport.requests.allSatisfy {
                $0.headerValue(named: "Authorization")?.contains("/us-east-1/organizations/") == true
            })
    }

    /// moto pages ListPoliciesForTarget by 20: the crowded OU's 22 SCPs come in two pages, the second asked for with
    /// the first's NextToken.
    @Test func policiesComeInPages() throws {
        let policies = try client(fixtures.reader).listPoliciesForTarget(
            targetId: fixtures.crowded, type: .serviceControlPolicy)
        #expect(policies.count == 22 && Set(policies.map(\.id)).count == 22)
        let bodies = transport.requests.map { String(decoding: $0.body, as: UTF8.self) }
        #expect(bodies.count == 2 && bodies[1].contains(#""NextToken":"#))
    }

    /// moto checks the caller's IAM policies: a user allowed only IAM and STS is refused DescribeOrganization. moto
    /// answers with the query protocol's XML (`AccessDenied`, HTTP 403) where AWS sends `AccessDeniedException` in
    /// JSON; the client reads either as one AWSServiceError with the code.
    @Test func callsTheCallerMayNotMakeAreRefused() throws {
        let error = #expect(throws: AWSServiceError.self) { try client(fixtures.outsider).describeOrganization() }
        #expect(error?.code == "AccessDenied")
        #expect(error?.description.contains("is not authorized to perform: organizations:DescribeOrganization") == true)
    }

    /// What moto 5.2 lacks, pinned so a change shows: a member account may describe its organization and list its
    /// roots (moto answers from the management account's data), but its ListParents and DescribePolicy fail with
    /// AccountNotFoundException and PolicyNotFoundException — moto keeps no organization in a member account and has
    /// no delegated administrator. AWS answers a delegated administrator, and refuses anyone else with
    /// AccessDeniedException; the fake AWS server's Organizations stand-in covers both
    /// (OrganizationsServerTests, OrganizationPoliciesTests).
    @Test func aMemberAccountCannotWalkInMoto() throws {
        let client = client(fixtures.member)
        #expect(try client.describeOrganization().managementAccountId == MotoServer.accountId)
        #expect(try client.listRoots().map(\.id) == [fixtures.root])
        let parents = #expect(throws: AWSServiceError.self) { try client.listParents(childId: fixtures.dev) }
        #expect(parents?.code == "AccountNotFoundException")
        let policy = #expect(throws: AWSServiceError.self) {
            try client.describePolicy(policyId: fixtures.denyImageDelete)
        }
        #expect(policy?.code == "PolicyNotFoundException")
    }
}
