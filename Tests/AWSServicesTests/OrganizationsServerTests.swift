import AWSCore
import AWSServices
import AWSTestSupport
import Foundation
import Testing

/// The Organizations client over a real `CurlTransport` against the Organizations stand-in of
/// `scripts/fake-aws-server.py`, which checks SigV4 with botocore (signing name `organizations`, region us-east-1) and
/// answers in the JSON 1.1 protocol where moto 5.2 does not: `{"__type":"AccessDeniedException"}` for a member account
/// that is no delegated administrator, and ListRoots and ListParents in pages.
@Suite("Organizations client against the fake AWS server", .sharedFakeAWSServer)
struct OrganizationsServerTests {
    static let credentials = Fixtures.credentials
    static let member = "222222222222"

    static func organization(pageSize: Int? = nil, delegated: Bool = true) -> FakeOrganizationsScenario {
        var organization = FakeOrganizationsScenario(id: "o-exampleorgid", management: "111111111111", root: "r-ab12")
        organization.enable(.scp)
        organization.parents = [member: "ou-ab12-11111111", "ou-ab12-11111111": "r-ab12"]
        organization.policies = [
            "p-FullAWSAccess": .init(
                name: "FullAWSAccess", type: .scp, awsManaged: true,
                content: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)
        ]
        organization.attachments = ["r-ab12": ["p-FullAWSAccess"], member: ["p-FullAWSAccess"]]
        organization.delegatedAdministrators = delegated ? [member] : []
        organization.pageSize = pageSize
        return organization
    }

    struct Setup {
        let server: FakeAWSServer
        let transport: CurlTransport
        let name: String

        init(_ name: String, organization: FakeOrganizationsScenario) throws {
            guard let server = FakeAWSServer.shared else {
                throw TestServerFailure(description: "the suite has no shared fake AWS server")
            }
            self.server = server
            self.name = name
            transport = try CurlTransport()
            try server.configure(
                scenario: name,
                FakeAWSScenario(
                    accepting: OrganizationsServerTests.credentials,
                    identity: .init(
                        account: member, arn: "arn:aws:iam::\(member):user/ci", userId: "AIDACI"),
                    organizations: organization))
        }

        func client(region: String = OrganizationsClient.signingRegion) -> OrganizationsClient {
            OrganizationsClient(
                endpoint: server.endpoint(for: name), region: region, credentials: OrganizationsServerTests.credentials,
                transport: transport, clock: SigningClock(), sleeper: RecordingSleeper(),
                random: FixedRandomSource(0.5))
        }
    }

    /// A delegated administrator reads the whole chain: every request signed as AWS checks it (the stand-in checks the
    /// content type `application/x-amz-json-1.1` and the target `AWSOrganizationsV20161128.<Operation>` too), the
    /// account's OU and the OU's root found with ListParents, and the policy's content arrives as text.
    @Test func aDelegatedAdministratorReadsTheChain() throws {
        let setup = try Setup("chain", organization: Self.organization(pageSize: 1))
        let client = setup.client()
        let organization = try client.describeOrganization()
        #expect(organization.id == "o-exampleorgid" && organization.managementAccountId == "111111111111")
        let root = try #require(try client.listRoots().first)
        #expect(root.id == "r-ab12" && root.status(of: .serviceControlPolicy) == .enabled)
        #expect(try client.listParents(childId: Self.member).map(\.id) == ["ou-ab12-11111111"])
        #expect(try client.listParents(childId: "ou-ab12-11111111").map(\.kind) == [.root])
        let attached = try client.listPoliciesForTarget(targetId: Self.member, type: .serviceControlPolicy)
        #expect(attached.map(\.id) == ["p-FullAWSAccess"] && attached.first?.awsManaged == true)
        let policy = try client.describePolicy(policyId: "p-FullAWSAccess")
        #expect(policy.content.hasPrefix(#"{"Version":"2012-10-17""#))

        let log = try setup.server.requests(setup.name)
        #expect(log.rejected == 0 && log.requests.count == 6)
        #expect(
            log.requests.map(\.target) == [
                "AWSOrganizationsV20161128.DescribeOrganization", "AWSOrganizationsV20161128.ListRoots",
                "AWSOrganizationsV20161128.ListParents", "AWSOrganizationsV20161128.ListParents",
                "AWSOrganizationsV20161128.ListPoliciesForTarget", "AWSOrganizationsV20161128.DescribePolicy",
            ])
    }

    /// ListPoliciesForTarget over several pages (page size 1, two policies): the second page is asked for with the
    /// first page's NextToken, and a token the server did not give is `InvalidInputException`.
    @Test func pagesAreFollowedWithTheServersTokens() throws {
        var organization = Self.organization(pageSize: 1)
        organization.policies["p-denyall00001"] = .init(
            name: "DenyAll", type: .scp,
            content: #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#)
        organization.attachments[Self.member]?.append("p-denyall00001")
        let setup = try Setup("pages", organization: organization)
        let attached = try setup.client().listPoliciesForTarget(targetId: Self.member, type: .serviceControlPolicy)
        #expect(attached.map(\.id) == ["p-FullAWSAccess", "p-denyall00001"])
        let bodies = try setup.server.requests(setup.name).requests.compactMap(\.body)
        #expect(bodies.count == 2 && bodies[1].contains(#""NextToken":"ListPoliciesForTarget-1""#))

        let forged = #expect(throws: AWSServiceError.self) {
            _ = try setup.client().json.call(
                "ListParents", body: Array(#"{"ChildId":"222222222222","NextToken":"forged"}"#.utf8))
        }
        #expect(forged?.code == "InvalidInputException")
    }

    /// The Organizations API reference: only the management account or a delegated administrator may call
    /// ListRoots, ListParents, ListPoliciesForTarget and DescribePolicy; any member account may call
    /// DescribeOrganization. The refusal is the JSON protocol's `AccessDeniedException`, not retried.
    @Test func aMemberAccountIsRefused() throws {
        let setup = try Setup("refused", organization: Self.organization(delegated: false))
        let client = setup.client()
        #expect(try client.describeOrganization().id == "o-exampleorgid")
        let error = #expect(throws: AWSServiceError.self) { try client.listRoots() }
        #expect(error?.code == "AccessDeniedException")
        #expect(
            error?.description.hasPrefix("AccessDeniedException: You don't have permissions to access this resource.")
                == true)
        #expect(try setup.server.requests(setup.name).requests.count == 2)
    }

    /// Organizations is global, answered in us-east-1: a request signed for another region is refused as AWS refuses
    /// it (`InvalidSignatureException`, "Credential should be scoped to a valid region").
    @Test func signedForAnotherRegionIsRefused() throws {
        let setup = try Setup("region", organization: Self.organization())
        let error = #expect(throws: AWSServiceError.self) {
            try setup.client(region: "eu-west-1").describeOrganization()
        }
        #expect(error?.code == "InvalidSignatureException")
        #expect(error?.description.contains("Credential should be scoped to a valid region") == true)
        #expect(try setup.server.requests(setup.name).rejected == 1)
    }

    /// The stand-in itself: a misspelt key of its scenario is refused with a message naming it.
    @Test func aMisspeltOrganizationsKeyIsRefused() throws {
        struct Misspelt: Encodable { let organizations = ["parent": ["a": "b"]] }
        guard let server = FakeAWSServer.shared else {
            throw TestServerFailure(description: "the suite has no shared fake AWS server")
        }
        #expect {
            try server.configure(scenario: "misspelt-organizations", Misspelt())
        } throws: { error in
            "\(error)".contains("unknown organizations keys ['parent']")
        }
    }
}
