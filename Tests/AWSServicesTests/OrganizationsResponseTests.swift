import AWSCore
import AWSServices
import Foundation
import Testing

/// Reading Organizations' answers over a scripted transport: each call's members, paging to the last page, the JSON
/// protocol's errors, and malformed bodies named by their key path.
@Suite("Organizations: responses, errors and paging")
struct OrganizationsResponseTests {
    static let endpoint = URL(string: "https://organizations.us-east-1.amazonaws.com/") ?? URL(fileURLWithPath: "/")

    static func client(_ transport: FakeTransport, sleeper: RecordingSleeper = RecordingSleeper())
        -> OrganizationsClient
    {
        OrganizationsClient(
            endpoint: endpoint, credentials: Fixtures.credentials, transport: transport, clock: Fixtures.clock(),
            sleeper: sleeper, random: FixedRandomSource(0.5))
    }

    static func body(_ request: HTTPRequest) -> String {
        String(decoding: request.body, as: UTF8.self)
    }

    /// DescribeOrganization (the model's `Organization`): id and management account read; the deprecated
    /// `AvailablePolicyTypes` is ignored; the call posts `{}` to `AWSOrganizationsV20161128.DescribeOrganization`,
    /// signed for service `organizations` in `us-east-1`.
    @Test func describeOrganization() throws {
        let transport = FakeTransport([
            Fixtures.json(
                #"{"Organization":{"Id":"o-exampleorgid","Arn":"arn:aws:organizations::111111111111:organization/o-exampleorgid","#
                    + #""FeatureSet":"ALL","MasterAccountArn":"arn:aws:organizations::111111111111:account/o-exampleorgid/111111111111","#
                    + #""MasterAccountId":"111111111111","MasterAccountEmail":"bill@example.com","#
                    + #""AvailablePolicyTypes":[{"Type":"SERVICE_CONTROL_POLICY","Status":"ENABLED"}]}}"#)
        ])
        let organization = try Self.client(transport).describeOrganization()
        #expect(organization.id == "o-exampleorgid" && organization.managementAccountId == "111111111111")
        #expect(organization.featureSet == "ALL")
        let request = try #require(transport.requests.first)
        #expect(Self.body(request) == "{}")
        #expect(request.headerValue(named: "X-Amz-Target") == "AWSOrganizationsV20161128.DescribeOrganization")
        let authorization = request.headerValue(named: "Authorization") ?? ""
        #expect(authorization.contains("/us-east-1/organizations/aws4_request"))
    }

    /// ListRoots: the root's `PolicyTypes` say which types are enabled and how (the model's `PolicyTypeSummary`);
    /// a type not listed is not enabled.
    @Test func listRootsReadsPolicyTypes() throws {
        let transport = FakeTransport([
            Fixtures.json(
                #"{"Roots":[{"Id":"r-examplerootid111","Name":"Root","Arn":"arn:aws:organizations::111111111111:root/o-exampleorgid/r-examplerootid111","#
                    + #""PolicyTypes":[{"Type":"SERVICE_CONTROL_POLICY","Status":"ENABLED"},"#
                    + #"{"Type":"RESOURCE_CONTROL_POLICY","Status":"PENDING_ENABLE"},{"Type":"TAG_POLICY","Status":"ENABLED"}]}]}"#
            )
        ])
        let roots = try Self.client(transport).listRoots()
        let root = try #require(roots.first)
        #expect(roots.count == 1 && root.id == "r-examplerootid111")
        #expect(root.status(of: .serviceControlPolicy) == .enabled)
        #expect(root.status(of: .resourceControlPolicy) == .pendingEnable)
        #expect(root.status(of: .other("BACKUP_POLICY")) == nil)
        #expect(root.policyTypes.map(\.type) == [.serviceControlPolicy, .resourceControlPolicy, .other("TAG_POLICY")])
    }

    /// ListParents and ListPoliciesForTarget follow `NextToken` to the last page (paginators-1.json), each later page
    /// asking with the same members and the previous page's token; results are kept in page order.
    @Test func pagesAreFollowed() throws {
        let transport = FakeTransport([
            Fixtures.json(#"{"Parents":[],"NextToken":"page-2"}"#),
            Fixtures.json(#"{"Parents":[{"Id":"ou-ab12-11111111","Type":"ORGANIZATIONAL_UNIT"}]}"#),
            Fixtures.json(
                #"{"Policies":[{"Id":"p-FullAWSAccess","Name":"FullAWSAccess","Type":"SERVICE_CONTROL_POLICY","AwsManaged":true}],"#
                    + #""NextToken":"more"}"#),
            Fixtures.json(
                #"{"Policies":[{"Id":"p-denydelete1","Name":"DenyDelete","Type":"SERVICE_CONTROL_POLICY","AwsManaged":false}],"#
                    + #""NextToken":null}"#),
        ])
        let client = Self.client(transport)
        let parents = try client.listParents(childId: "222222222222")
        #expect(parents == [OrganizationParent(id: "ou-ab12-11111111", kind: .organizationalUnit)])
        let policies = try client.listPoliciesForTarget(targetId: "ou-ab12-11111111", type: .serviceControlPolicy)
        #expect(policies.map(\.id) == ["p-FullAWSAccess", "p-denydelete1"])
        #expect(policies.map(\.awsManaged) == [true, false])
        #expect(
            transport.requests.map(Self.body) == [
                #"{"ChildId":"222222222222"}"#, #"{"ChildId":"222222222222","NextToken":"page-2"}"#,
                #"{"TargetId":"ou-ab12-11111111","Filter":"SERVICE_CONTROL_POLICY"}"#,
                #"{"TargetId":"ou-ab12-11111111","Filter":"SERVICE_CONTROL_POLICY","NextToken":"more"}"#,
            ])
    }

    /// A `NextToken` that comes back a second time would page forever: the response is malformed, named by key.
    @Test func repeatedTokenIsMalformed() {
        let transport = FakeTransport([
            Fixtures.json(#"{"Roots":[],"NextToken":"same"}"#), Fixtures.json(#"{"Roots":[],"NextToken":"same"}"#),
        ])
        let error = #expect(throws: AWSServiceError.self) { try Self.client(transport).listRoots() }
        #expect(
            error?.description
                == "the ListRoots response from organizations.us-east-1.amazonaws.com could not be read: NextToken "
                + "repeated an earlier page's token 'same'")
        #expect(transport.requests.count == 2)
    }

    /// DescribePolicy: the summary and the document text as AWS stores it (a JSON string, not an object); a policy
    /// without `Content` is malformed rather than an empty policy.
    @Test func describePolicyKeepsTheContentText() throws {
        let content =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"imagebuilder:DeleteImage","Resource":"*"}]}"#
        let escaped = content.replacingOccurrences(of: "\"", with: "\\\"")
        let transport = FakeTransport([
            Fixtures.json(
                #"{"Policy":{"PolicySummary":{"Id":"p-denydelete1","Name":"DenyDelete","Type":"SERVICE_CONTROL_POLICY","#
                    + #""AwsManaged":false},"Content":""# + escaped + #""}}"#),
            Fixtures.json(#"{"Policy":{"PolicySummary":{"Id":"p-denydelete1"}}}"#),
        ])
        let client = Self.client(transport)
        let policy = try client.describePolicy(policyId: "p-denydelete1")
        #expect(policy.content == content)
        #expect(policy.summary.name == "DenyDelete" && policy.summary.type == .serviceControlPolicy)
        #expect(Self.body(try #require(transport.requests.first)) == #"{"PolicyId":"p-denydelete1"}"#)
        let error = #expect(throws: AWSServiceError.self) { try client.describePolicy(policyId: "p-denydelete1") }
        #expect(error?.description.hasSuffix("could not be read: Policy.Content is missing") == true)
    }

    /// AWS's JSON 1.1 errors (`{"__type":"AccessDeniedException","Message":…}`, HTTP 400) are one `AWSServiceError`
    /// with code and request id, not retried; `TooManyRequestsException` (Organizations' throttling) is retried.
    @Test func errorsAndThrottling() throws {
        let denied = FakeTransport([
            Fixtures.json(
                #"{"__type":"AccessDeniedException","Message":"You don't have permissions to access this resource."}"#,
                status: 400, requestId: "org-req-1")
        ])
        let error = #expect(throws: AWSServiceError.self) { try Self.client(denied).describeOrganization() }
        #expect(error?.code == "AccessDeniedException" && error?.requestId == "org-req-1")
        #expect(
            error?.description
                == "AccessDeniedException: You don't have permissions to access this resource. (request org-req-1)")
        #expect(denied.requests.count == 1)

        let throttled = FakeTransport([
            Fixtures.json(#"{"__type":"TooManyRequestsException","Message":"slow down"}"#, status: 400),
            Fixtures.json(#"{"Roots":[{"Id":"r-ab12"}]}"#),
        ])
        let sleeper = RecordingSleeper()
        let roots = try Self.client(throttled, sleeper: sleeper).listRoots()
        #expect(roots.map(\.id) == ["r-ab12"] && roots.first?.policyTypes.isEmpty == true)
        #expect(throttled.requests.count == 2 && sleeper.sleeps.count == 1)
    }

    /// Members the walk needs are required: a parent without `Type`, a root without `Id`, an organization without
    /// `MasterAccountId` are malformed answers, each named by its key path.
    @Test(
        arguments: [
            ("ListParents", #"{"Parents":[{"Id":"r-ab12"}]}"#, "Parents[0].Type is missing"),
            ("ListRoots", #"{"Roots":[{"Name":"Root"}]}"#, "Roots[0].Id is missing"),
            (
                "DescribeOrganization", #"{"Organization":{"Id":"o-abcdefghij"}}"#,
                "Organization.MasterAccountId is missing"
            ),
            (
                "ListPoliciesForTarget", #"{"Policies":[{"Id":"p-1","AwsManaged":"yes"}]}"#,
                "Policies[0].AwsManaged is a string, not a boolean"
            ),
        ])
    func requiredMembers(operation: String, body: String, problem: String) {
        let client = Self.client(FakeTransport([Fixtures.json(body)]))
        let error = #expect(throws: AWSServiceError.self) {
            switch operation {
            case "ListParents": _ = try client.listParents(childId: "111122223333")
            case "ListRoots": _ = try client.listRoots()
            case "DescribeOrganization": _ = try client.describeOrganization()
            default: _ = try client.listPoliciesForTarget(targetId: "r-ab12", type: .serviceControlPolicy)
            }
        }
        #expect(error?.description.hasSuffix(problem) == true, "\(error?.description ?? "")")
    }
}
