import AWSCore
import AWSServices
import AWSTestSupport
import Foundation
import JSON
import Testing

/// The Organizations client against AWS's own service model (botocore's `organizations` 2016-11-28 `service-2.json`
/// and `paginators-1.json`, vendored in `fixtures/botocore-models`): the protocol constants, the members each request
/// body names and their order, the enums the client reads, the errors the walk must tell apart, and the paginated
/// operations are the model's.
@Suite("Organizations: the client follows AWS's service model")
struct OrganizationsModelTests {
    static let directory = AWSSamples.directory.deletingLastPathComponent().appendingPathComponent("botocore-models")

    /// The model file `name`, parsed; a missing file fails the test.
    static func model(_ name: String) throws -> JSONNode {
        let url = directory.appendingPathComponent(name)
        try #require(FileManager.default.fileExists(atPath: url.path), "the model is missing: expected \(url.path)")
        return try JSONParser.parse(Array(Data(contentsOf: url)))
    }

    /// Every call with every member the client can send, so each body lists all of them.
    static let fullCalls: [OrganizationsRequest] = [
        .describeOrganization,
        .listRoots(nextToken: "n", maxResults: 1),
        .listParents(childId: "111122223333", nextToken: "n", maxResults: 1),
        .listPoliciesForTarget(
            targetId: "ou-ab12-cdefghij", filter: .serviceControlPolicy, nextToken: "n", maxResults: 1),
        .describePolicy(policyId: "p-FullAWSAccess"),
    ]

    /// metadata: `protocol` json, `jsonVersion` 1.1 (content type `application/x-amz-json-1.1`), `targetPrefix`
    /// AWSOrganizationsV20161128, signing name `organizations` (the model has no `signingName`, so botocore signs with
    /// `endpointPrefix`), `apiVersion` 2016-11-28; a request carries exactly that content type and target.
    @Test func protocolConstantsAreTheModels() throws {
        let metadata = try #require(try Self.model("organizations.service-2.json")["metadata"])
        #expect(metadata["protocol"]?.stringValue == "json")
        #expect(metadata["jsonVersion"]?.stringValue == OrganizationsClient.jsonVersion)
        #expect(metadata["targetPrefix"]?.stringValue == OrganizationsClient.targetPrefix)
        #expect(metadata["signingName"] == nil)
        #expect(metadata["endpointPrefix"]?.stringValue == OrganizationsClient.signingName)
        #expect(metadata["apiVersion"]?.stringValue == OrganizationsClient.apiVersion)

        let client = OrganizationsClient(
            endpoint: try #require(URL(string: "https://organizations.us-east-1.amazonaws.com/")),
            credentials: Fixtures.credentials, transport: FakeTransport(bodies: ["{}"]), clock: Fixtures.clock(),
            sleeper: RecordingSleeper(), random: FixedRandomSource(0.5))
        let request = client.request(for: .listRoots())
        #expect(request.method == "POST" && request.path == "/")
        #expect(request.headerValue(named: "Content-Type") == "application/x-amz-json-1.1")
        #expect(request.headerValue(named: "X-Amz-Target") == "AWSOrganizationsV20161128.ListRoots")
        #expect(client.json.signer.service == "organizations" && client.json.signer.region == "us-east-1")
    }

    /// operations: each body names exactly the members of the operation's input shape, in the model's order; the
    /// required members are among them; an operation without an input shape posts `{}`.
    @Test(arguments: fullCalls)
    func bodyMembersAreTheInputShapes(_ call: OrganizationsRequest) throws {
        let model = try Self.model("organizations.service-2.json")
        let operation = try #require(model["operations"]?[call.operation])
        let body = try #require(try JSONParser.parse(call.body).objectValue)
        guard let inputName = operation["input"]?["shape"]?.stringValue else {
            #expect(body.isEmpty && String(decoding: call.body, as: UTF8.self) == "{}", "\(call.operation)")
            return
        }
        let input = try #require(model["shapes"]?[inputName])
        let modelMembers = try #require(input["members"]?.objectValue).map(\.key)
        #expect(body.map(\.key) == modelMembers, "\(call.operation)")
        for required in input["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            #expect(body.contains { $0.key == required }, "\(call.operation) must send \(required)")
        }
    }

    /// The paged form of a call keeps its other members and only replaces `NextToken`.
    @Test func pagesKeepTheirCall() {
        let first = OrganizationsRequest.listPoliciesForTarget(
            targetId: "r-ab12", filter: .resourceControlPolicy, maxResults: 5)
        #expect(
            first.page(after: "t2")
                == .listPoliciesForTarget(
                    targetId: "r-ab12", filter: .resourceControlPolicy, nextToken: "t2", maxResults: 5))
        #expect(
            String(decoding: first.page(after: "t2").body, as: UTF8.self)
                == #"{"TargetId":"r-ab12","Filter":"RESOURCE_CONTROL_POLICY","NextToken":"t2","MaxResults":5}"#)
        #expect(
            OrganizationsRequest.describePolicy(policyId: "p-1").page(after: "x") == .describePolicy(policyId: "p-1"))
    }

    /// shapes `PolicyType`, `PolicyTypeStatus` and `ParentType`: the two policy types that govern authorization, the
    /// three statuses and the two parent types are known cases that read back as the same text; every other value
    /// the model lists is kept as sent.
    @Test func modelEnumValuesReadBack() throws {
        let shapes = try #require(try Self.model("organizations.service-2.json")["shapes"])
        func values(_ shape: String) throws -> [String] {
            try #require(shapes[shape]?["enum"]?.arrayValue).compactMap(\.stringValue)
        }
        let types = try values("PolicyType")
        #expect(types.contains("SERVICE_CONTROL_POLICY") && types.contains("RESOURCE_CONTROL_POLICY"))
        for value in types {
            let type = OrganizationPolicyType(rawValue: value)
            #expect(type.rawValue == value)
            let known = value == "SERVICE_CONTROL_POLICY" || value == "RESOURCE_CONTROL_POLICY"
            #expect((type == .other(value)) == !known, "\(value)")
        }
        #expect(try values("PolicyTypeStatus") == ["ENABLED", "PENDING_ENABLE", "PENDING_DISABLE"])
        for value in try values("PolicyTypeStatus") {
            let status = OrganizationRoot.PolicyTypeSummary.Status(rawValue: value)
            #expect(status.rawValue == value)
            if case .other = status { Issue.record("PolicyTypeStatus \(value) is not a known case") }
        }
        #expect(try values("ParentType") == ["ROOT", "ORGANIZATIONAL_UNIT"])
        for value in try values("ParentType") {
            let kind = OrganizationParent.Kind(rawValue: value)
            #expect(kind.rawValue == value)
            if case .other = kind { Issue.record("ParentType \(value) is not a known case") }
        }
    }

    /// The errors the organization walk tells apart are those the model lists for its calls: every call may answer
    /// `AccessDeniedException` and `AWSOrganizationsNotInUseException`; `ListParents` may answer
    /// `ChildNotFoundException` and `ListPoliciesForTarget` `TargetNotFoundException`.
    @Test func errorsAreTheModels() throws {
        let operations = try #require(try Self.model("organizations.service-2.json")["operations"])
        for call in Self.fullCalls {
            let errors = try #require(operations[call.operation]?["errors"]?.arrayValue)
                .compactMap { $0["shape"]?.stringValue }
            #expect(errors.contains("AccessDeniedException"), "\(call.operation)")
            #expect(errors.contains("AWSOrganizationsNotInUseException"), "\(call.operation)")
            #expect(errors.contains("TooManyRequestsException"), "\(call.operation)")
        }
        let parents = operations["ListParents"]?["errors"]?.arrayValue?.compactMap { $0["shape"]?.stringValue }
        #expect(parents?.contains("ChildNotFoundException") == true)
        let targets = operations["ListPoliciesForTarget"]?["errors"]?.arrayValue?.compactMap {
            $0["shape"]?.stringValue
        }
        #expect(targets?.contains("TargetNotFoundException") == true)
    }

    /// paginators-1.json: ListRoots, ListParents and ListPoliciesForTarget page with `NextToken` in and out and
    /// `MaxResults` as the limit, with the result keys the client reads.
    @Test func pagedOperationsAreTheModels() throws {
        let paginators = try #require(try Self.model("organizations.paginators-1.json")["pagination"])
        let expected = ["ListRoots": "Roots", "ListParents": "Parents", "ListPoliciesForTarget": "Policies"]
        for (operation, resultKey) in expected {
            let paginator = try #require(paginators[operation], "\(operation) has no paginator")
            #expect(paginator["input_token"]?.stringValue == "NextToken", "\(operation)")
            #expect(paginator["output_token"]?.stringValue == "NextToken", "\(operation)")
            #expect(paginator["limit_key"]?.stringValue == "MaxResults", "\(operation)")
            #expect(paginator["result_key"]?.stringValue == resultKey, "\(operation)")
        }
        #expect(paginators["DescribePolicy"] == nil && paginators["DescribeOrganization"] == nil)
    }
}

extension JSONNode {
    /// The value of the first member called `key`, when this is an object.
    fileprivate subscript(key: String) -> JSONNode? {
        objectValue?.first { $0.key == key }?.value
    }
}
