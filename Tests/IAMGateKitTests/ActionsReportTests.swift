import Catalog
import Foundation
import Testing

@testable import IAMGateKit
@testable import Reports

/// `iamgate actions`: the report is data filled from the catalog and the service reference (`describe`, in IAMGateKit),
/// rendered as aligned text or JSON (in Reports, which does not see the service reference).
@Suite("Actions report")
struct ActionsReportTests {
    typealias Permission = ActionsReport.Permission

    /// One method with each kind of permission: scoped to resource types (one without an ARN template), wildcard-only,
    /// and unknown to the service reference.
    static let report: ActionsReport = {
        let method = ResourceMethod(
            name: "create_resource", table: "widgets", sqlVerb: "INSERT", requiredParams: ["Name", "region"],
            handler: "create", permissions: ["x:CreateWidget", "x:ListThings", "x:Nope"],
            cloudControl: CloudControlCall(
                operation: "CreateResource", action: "cloudformation:CreateResource",
                followUpActions: ["cloudformation:GetResourceRequestStatus"]))
        let resource = ResourceDefinition(
            id: "awscc.x.widgets", provider: "awscc", service: "x", name: "widgets", listView: nil,
            cloudFormationType: "AWS::X::Widget", summary: "", identifier: "Arn", properties: [], methods: [method],
            source: ImportSource(page: "widgets.md", fingerprint: ""))
        let permissions = [
            Permission(
                action: "x:CreateWidget", known: true, wildcardOnly: false,
                resourceTypes: [
                    .init(
                        name: "widget", arnTemplate: "arn:${Partition}:x:${Region}:${Account}:widget/${Id}",
                        required: true),
                    .init(name: "gadget", arnTemplate: nil, required: false),
                ]),
            Permission(action: "x:ListThings", known: true, wildcardOnly: true, resourceTypes: []),
            Permission(action: "x:Nope", known: false, wildcardOnly: false, resourceTypes: []),
        ]
        return ActionsReport(
            resource: resource,
            operations: [.init(method: method, table: "awscc.x.widgets", permissions: permissions)])
    }()

    @Test("text: the SQL, params, Cloud Control call and one aligned row per permission and resource type")
    func text() {
        #expect(
            Self.report.text(style: Style(enabled: false)) == """
                awscc.x.widgets — AWS::X::Widget, identifier Arn

                create_resource  INSERT INTO awscc.x.widgets
                  required params  Name, region
                  cloud control    cloudformation:CreateResource, then cloudformation:GetResourceRequestStatus
                  permissions      3 from the create handler
                    x:CreateWidget  widget (required)  arn:${Partition}:x:${Region}:${Account}:widget/${Id}
                                    gadget             (no ARN template in the service reference)
                    x:ListThings    *  wildcard-only: only "Resource": "*" grants it
                    x:Nope          ? unknown to the service reference

                """)
    }

    @Test("JSON: permissions with their resource types; a missing ARN template is null")
    func json() throws {
        let parsed = try #require(
            try JSONSerialization.jsonObject(with: Data(Self.report.json.rendered().utf8)) as? [String: Any])
        #expect(parsed["resource"] as? String == "awscc.x.widgets")
        let operation = try #require((parsed["operations"] as? [[String: Any]])?.first)
        #expect(operation["table"] as? String == "awscc.x.widgets")
        let permissions = try #require(operation["permissions"] as? [[String: Any]])
        #expect(permissions.map { $0["known"] as? Bool } == [true, true, false])
        #expect(permissions.map { $0["wildcardOnly"] as? Bool } == [false, true, false])
        let types = try #require(permissions[0]["resourceTypes"] as? [[String: Any]])
        #expect(types[1]["arnTemplate"] is NSNull)
        #expect(types[0]["required"] as? Bool == true)
    }

    /// AWS Service Authorization Reference, Amazon EC2 Image Builder: `GetImage` is scoped to the `image` resource type
    /// (required); `ListImages` supports no resource-level permissions.
    @Test("describe fills the permissions from the service reference")
    func describe() throws {
        let catalog = try Catalog.standard()
        let report = try ActionsReport.describe(
            catalog: catalog, resource: "awscc.imagebuilder.images", operation: "get_resource")
        let getImage = try #require(report.operations.first?.permissions.first { $0.action == "imagebuilder:GetImage" })
        #expect(getImage.known && !getImage.wildcardOnly)
        #expect(getImage.resourceTypes.first?.name == "image" && getImage.resourceTypes.first?.required == true)
        #expect(ActionsReport.permission(named: "imagebuilder:ListImages", reference: .shared).wildcardOnly)
        #expect(!ActionsReport.permission(named: "imagebuilder:NoSuchAction", reference: .shared).known)
    }
}
