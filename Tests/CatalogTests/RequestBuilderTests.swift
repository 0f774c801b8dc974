import Foundation
import IAMPolicy
import Testing

@testable import Catalog

/// From an operation (and a statement's values) to the authorization requests AWS will make: the Cloud Control call,
/// the handler's documented permissions on the right ARNs (service reference templates), statement-derived needs, and
/// what stays unknown. Facts: `stackql-and-imagebuilder.md` §0 and §3, the seed's Permissions tabs.
@Suite("Request builder")
struct RequestBuilderTests {
    static let catalogDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("policies/catalog")

    func images() throws -> ResourceDefinition {
        let catalog = try Catalog.load(directory: Self.catalogDirectory)
        return try #require(catalog.resource(id: "awscc.imagebuilder.images"))
    }

    func requests(
        _ method: String, region: String? = "us-east-1", statement: StatementInputs? = nil
    ) throws -> [RequiredRequest] {
        let resource = try images()
        let method = try #require(resource.method(method))
        let inputs = OperationInputs(
            region: region.map(PartialValue.known) ?? .unknown("region"), account: .known("111122223333"),
            statement: statement)
        return try RequestBuilder().requests(for: resource, method: method, inputs: inputs)
    }

    func find(_ requests: [RequiredRequest], _ action: String) -> RequiredRequest? {
        requests.first { $0.action == action }
    }

    @Test("get_resource: Cloud Control GetResource on * and GetImage on the image ARN template")
    func get() throws {
        let list = try requests("get_resource")
        #expect(list.map(\.action) == ["cloudformation:GetResource", "imagebuilder:GetImage"])
        #expect(find(list, "cloudformation:GetResource")?.resource.description == "*")
        #expect(
            find(list, "imagebuilder:GetImage")?.resource.description
                == "arn:aws:imagebuilder:us-east-1:111122223333:image/${ImageName}/${ImageVersion}/${ImageBuildVersion}"
        )
        // Handler calls are forward access sessions; the Cloud Control call is the principal's own.
        #expect(find(list, "imagebuilder:GetImage")?.context["aws:ViaAWSService"]?.values == ["true"])
        #expect(find(list, "cloudformation:GetResource")?.context["aws:ViaAWSService"]?.values == ["false"])
        #expect(find(list, "imagebuilder:GetImage")?.context["aws:RequestedRegion"]?.values == ["us-east-1"])
    }

    /// Service Authorization Reference, EC2 Image Builder: the role an infrastructure configuration names (its
    /// instance profile's) is passed to EC2, a distribution configuration's export role to VM Import/Export, an
    /// image's or pipeline's execution role to Image Builder. A policy that allows PassRole only to Image Builder
    /// must not make an infrastructure configuration look allowed.
    @Test("iam:PassedToService is the service each resource passes its role to")
    func passedToService() throws {
        let catalog = try Catalog.load(directory: Self.catalogDirectory)
        let expected = [
            "awscc.imagebuilder.images": "imagebuilder.amazonaws.com",
            "awscc.imagebuilder.image_pipelines": "imagebuilder.amazonaws.com",
            "awscc.imagebuilder.infrastructure_configurations": "ec2.amazonaws.com",
            "awscc.imagebuilder.distribution_configurations": "vmie.amazonaws.com",
        ]
        var checked = 0
        for (id, service) in expected {
            let resource = try #require(catalog.resource(id: id))
            #expect(RequestBuilder.passedToService(resource) == service, "\(id)")
            for method in resource.methods {
                let inputs = OperationInputs(region: .known("us-east-1"), account: .known("111122223333"))
                for request in try RequestBuilder().requests(for: resource, method: method, inputs: inputs)
                where request.action == "iam:PassRole" {
                    #expect(request.context["iam:PassedToService"]?.values == [service], "\(id) \(method.name)")
                    checked += 1
                }
            }
        }
        #expect(checked >= 4, "PassRole requests checked: \(checked)")
    }

    /// Service Authorization Reference, EC2 Image Builder: CreateInfrastructureConfiguration needs iam:PassRole for
    /// the role of the instance profile it names (passed to EC2). The statement names the profile, not the role, so
    /// the role is unknown — and the request is made whether or not the statement has an ExecutionRole column, which
    /// this resource does not have. Before, it was reported "not needed", so a principal without PassRole looked
    /// allowed to create one.
    @Test("an infrastructure configuration passes its instance profile's role: PassRole and GetRole are needed")
    func infrastructureConfigurationPassesItsProfileRole() throws {
        let catalog = try Catalog.load(directory: Self.catalogDirectory)
        let resource = try #require(catalog.resource(id: "awscc.imagebuilder.infrastructure_configurations"))
        let method = try #require(resource.method("create_resource"))
        let statement = StatementInputs(
            properties: ["Name": .known("build"), "InstanceProfileName": .known("ImageBuilderInstance")],
            awaitsCompletion: false)
        let inputs = OperationInputs(region: .known("us-east-1"), account: .known("111122223333"), statement: statement)
        let list = try RequestBuilder().requests(for: resource, method: method, inputs: inputs)
        for action in ["iam:PassRole", "iam:GetRole"] {
            let request = try #require(find(list, action))
            #expect(request.necessity == .required, "\(action)")
            #expect(request.resource.description == "arn:aws:iam::111122223333:role/${RoleNameWithPath}")
        }
        #expect(find(list, "iam:PassRole")?.context["iam:PassedToService"]?.values == ["ec2.amazonaws.com"])
    }

    /// A resource with no role column (a component) still lists iam:GetRole among its handler's permissions. Which
    /// role it reads is not documented: the request is situational, so that a denial makes the operation
    /// undetermined — never allowed, never flatly denied.
    @Test("a handler's iam:GetRole on a resource that names no role is situational")
    func getRoleWithoutARoleColumn() throws {
        let catalog = try Catalog.load(directory: Self.catalogDirectory)
        let resource = try #require(catalog.resource(id: "awscc.imagebuilder.components"))
        let method = try #require(resource.method("create_resource"))
        let statement = StatementInputs(properties: ["Name": .known("c")], awaitsCompletion: false)
        let inputs = OperationInputs(region: .known("us-east-1"), account: .known("111122223333"), statement: statement)
        let list = try RequestBuilder().requests(for: resource, method: method, inputs: inputs)
        let getRole = try #require(find(list, "iam:GetRole"))
        guard case .situational = getRole.necessity else {
            Issue.record("iam:GetRole should be situational, is \(getRole.necessity)")
            return
        }
        #expect(getRole.resource.description == "arn:aws:iam::111122223333:role/${RoleNameWithPath}")
    }

    @Test("list_resources: ListImages on * (wildcard-only), ListImageBuildVersions on image/NAME/VERSION/*")
    func list() throws {
        let list = try requests("list_resources")
        #expect(find(list, "imagebuilder:ListImages")?.resource.description == "*")
        #expect(
            find(list, "imagebuilder:ListImageBuildVersions")?.resource.description
                == "arn:aws:imagebuilder:us-east-1:111122223333:image/${ImageName}/${ImageVersion}/*")
    }

    @Test("An unknown region stays a placeholder, and aws:RequestedRegion stays unknown")
    func unknownRegion() throws {
        let list = try requests("get_resource", region: nil)
        let getImage = try #require(find(list, "imagebuilder:GetImage"))
        #expect(getImage.resource.unknownNames.first == "Region")
        #expect(getImage.context["aws:RequestedRegion"] == nil)
    }

    @Test("create_resource with a statement: concrete ARNs, PassRole with PassedToService, tags as request context")
    func createWithStatement() throws {
        let statement = StatementInputs(
            properties: [
                "ImageRecipeArn": .known("arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/web/1.2.0"),
                "InfrastructureConfigurationArn": .known(
                    "arn:aws:imagebuilder:us-east-1:111122223333:infrastructure-configuration/build"),
                "ExecutionRole": .known("arn:aws:iam::111122223333:role/ImageBuilderExecution"),
                "Tags": .known(#"{"team": "web", "env": "prod"}"#),
            ], awaitsCompletion: true)
        let list = try requests("create_resource", statement: statement)
        let passRole = try #require(find(list, "iam:PassRole"))
        #expect(passRole.resource.description == "arn:aws:iam::111122223333:role/ImageBuilderExecution")
        #expect(passRole.context["iam:PassedToService"]?.values == ["imagebuilder.amazonaws.com"])
        #expect(passRole.context["aws:RequestedRegion"]?.values == ["us-east-1"])
        let createImage = try #require(find(list, "imagebuilder:CreateImage"))
        // The image is named after its recipe; its build number is not known yet.
        #expect(
            createImage.resource.description
                == "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.2.0/${ImageBuildVersion}")
        #expect(Set(createImage.context["aws:TagKeys"]?.values ?? []) == ["team", "env"])
        #expect(createImage.context["aws:RequestTag/team"]?.values == ["web"])
        #expect(createImage.knownAbsentKeys.contains("aws:resourcetag/*"))
        #expect(
            find(list, "imagebuilder:GetImageRecipe")?.resource.description
                == "arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/web/1.2.0")
        // Not made: no distribution configuration, workflows or scanning configuration in the statement.
        for action in [
            "imagebuilder:GetDistributionConfiguration", "imagebuilder:GetWorkflow",
            "ecr:BatchGetRepositoryScanningConfiguration",
        ] {
            guard case .notNeeded = try #require(find(list, action)).necessity else {
                Issue.record("\(action) should not be needed")
                continue
            }
        }
        // The service-linked role is created only if missing.
        guard case .situational = try #require(find(list, "iam:CreateServiceLinkedRole")).necessity else {
            Issue.record("CreateServiceLinkedRole should be situational")
            return
        }
        #expect(
            find(list, "iam:CreateServiceLinkedRole")?.context["iam:AWSServiceName"]?.values == [
                "imagebuilder.amazonaws.com"
            ])
        #expect(find(list, "cloudformation:GetResourceRequestStatus").map { $0.necessity == .required } == true)
    }

    @Test("A container recipe adds GetContainerRecipe, and Workflows add GetWorkflow per ARN")
    func containerAndWorkflows() throws {
        let statement = StatementInputs(properties: [
            "ContainerRecipeArn": .known("arn:aws:imagebuilder:us-east-1:111122223333:container-recipe/app/2.0.0"),
            "Workflows": .known(
                #"[{"WorkflowArn": "arn:aws:imagebuilder:us-east-1:111122223333:workflow/build/a/1.0.0/1"},"#
                    + #" {"WorkflowArn": "arn:aws:imagebuilder:us-east-1:111122223333:workflow/test/b/1.0.0/1"}]"#),
        ])
        let list = try requests("create_resource", statement: statement)
        #expect(
            find(list, "imagebuilder:GetContainerRecipe")?.resource.description
                == "arn:aws:imagebuilder:us-east-1:111122223333:container-recipe/app/2.0.0")
        #expect(list.filter { $0.action == "imagebuilder:GetWorkflow" }.count == 2)
        #expect(
            find(list, "imagebuilder:CreateImage")?.resource.description
                == "arn:aws:imagebuilder:us-east-1:111122223333:image/app/2.0.0/${ImageBuildVersion}")
    }

    @Test("Template parts stay unknown: a partly known role and tags whose values are templates")
    func unknownParts() throws {
        let statement = StatementInputs(properties: [
            "ExecutionRole": PartialValue(parts: [.literal("arn:aws:iam::111122223333:role/"), .unknown("role")]),
            "Tags": PartialValue(parts: [.literal(#"{"team": ""#), .unknown("team"), .literal(#""}"#)]),
        ])
        let list = try requests("create_resource", statement: statement)
        #expect(find(list, "iam:PassRole")?.resource.description == "arn:aws:iam::111122223333:role/${role}")
        let create = try #require(find(list, "imagebuilder:CreateImage"))
        #expect(create.context["aws:TagKeys"]?.values == ["team"])
        #expect(create.context["aws:RequestTag/team"] == nil)
        #expect(!create.knownAbsentKeys.contains("aws:requesttag/*"))
    }

    /// `reference_identifiers.md#identifiers-arns`: a role's ARN is `role` + its path + its name, and names are
    /// unique in an account whatever the path; a name alone leaves the path unknown.
    @Test(
        "ExecutionRole given by name: the path is unknown unless the account's roles show it",
        arguments: [
            // value, known roles, PassRole resource
            (
                PartialValue.known("ImageBuilderExec"), [String: String](),
                "arn:aws:iam::111122223333:role${RolePath}ImageBuilderExec"
            ),
            (
                .known("ImageBuilderExec"),
                ["ImageBuilderExec": "arn:aws:iam::111122223333:role/service-role/ImageBuilderExec"],
                "arn:aws:iam::111122223333:role/service-role/ImageBuilderExec"
            ),
            (
                // A record of another account says nothing about this one.
                .known("ImageBuilderExec"), ["ImageBuilderExec": "arn:aws:iam::444455556666:role/ImageBuilderExec"],
                "arn:aws:iam::111122223333:role${RolePath}ImageBuilderExec"
            ),
            (
                // Names are not distinguished by case, but the ARN's case is the record's: not taken.
                .known("imagebuilderexec"), ["ImageBuilderExec": "arn:aws:iam::111122223333:role/ImageBuilderExec"],
                "arn:aws:iam::111122223333:role${RolePath}imagebuilderexec"
            ),
            (
                .known("service-role/ImageBuilderExec"), [:],
                "arn:aws:iam::111122223333:role/service-role/ImageBuilderExec"
            ),
            (
                .known("/service-role/ImageBuilderExec"), [:],
                "arn:aws:iam::111122223333:role/service-role/ImageBuilderExec"
            ),
            (.unknown("role"), [:], "arn:aws:iam::111122223333:role${RolePath}${role}"),
            (
                .known("arn:aws:iam::111122223333:role/ImageBuilderExec"), [:],
                "arn:aws:iam::111122223333:role/ImageBuilderExec"
            ),
        ])
    func roleByName(value: PartialValue, knownRoles: [String: String], expected: String) throws {
        let resource = try images()
        let method = try #require(resource.method("create_resource"))
        let inputs = OperationInputs(
            region: .known("us-east-1"), account: .known("111122223333"),
            statement: StatementInputs(properties: ["ExecutionRole": value]), knownRoles: knownRoles)
        let list = try RequestBuilder().requests(for: resource, method: method, inputs: inputs)
        #expect(find(list, "iam:PassRole")?.resource.description == expected)
        #expect(find(list, "iam:GetRole")?.resource.description == expected)
        #expect(find(list, "iam:PassRole")?.resource == PartialValue(template: expected))
    }

    @Test("update_resource: the patch decides Tag/Untag needs")
    func update() throws {
        let add = try requests(
            "update_resource",
            statement: StatementInputs(
                identifier: .known("arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1"),
                patchDocument: .known(#"[{"op": "add", "path": "/Tags/owner", "value": "platform"}]"#)))
        let tag = try #require(find(add, "imagebuilder:TagResource"))
        #expect(tag.resource.description == "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1")
        #expect(tag.context["aws:TagKeys"]?.values == ["owner"])
        guard case .notNeeded = try #require(find(add, "imagebuilder:UntagResource")).necessity else {
            Issue.record("UntagResource should not be needed when the patch only adds a tag")
            return
        }
        let other = try requests(
            "update_resource",
            statement: StatementInputs(
                identifier: .known("arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1"),
                patchDocument: .known(#"[{"op": "replace", "path": "/ExecutionRole", "value": "r"}]"#)))
        #expect(
            other.filter { if case .notNeeded = $0.necessity { return false } else { return true } }.map(\.action)
                == ["cloudformation:UpdateResource"])
    }

    @Test("An Identifier whose value is an unresolved template stands for any image ARN")
    func unknownIdentifier() throws {
        let list = try requests(
            "delete_resource", statement: StatementInputs(identifier: .unknown("image")))
        #expect(
            find(list, "imagebuilder:DeleteImage")?.resource.description
                == "arn:aws:imagebuilder:us-east-1:111122223333:image/${ImageName}/${ImageVersion}/${ImageBuildVersion}"
        )
    }

    @Test("Malformed JSON in a property is one sentence")
    func malformed() throws {
        #expect(throws: RequestBuildError.self) {
            _ = try requests("create_resource", statement: StatementInputs(properties: ["Tags": .known("{team: web")]))
        }
    }

    @Test("Service keys an action supports are listed, so other service keys are known to be absent")
    func applicableKeys() throws {
        let list = try requests("create_resource")
        #expect(find(list, "iam:PassRole")?.applicableServiceKeys?.contains("iam:passedtoservice") == true)
        #expect(find(list, "iam:GetRole")?.applicableServiceKeys?.contains("iam:passedtoservice") == false)
    }
}
