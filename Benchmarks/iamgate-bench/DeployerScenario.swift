import IAMPolicy

/// The benchmark's workload: a CI role that deploys EC2 Image Builder images through StackQL
/// (`awscc.imagebuilder.images`, i.e. AWS Cloud Control), with the policies such a role really carries — two
/// identity policies, a permissions boundary, one SCP level and the image's resource policy — and the requests the
/// five StackQL operations make.
enum DeployerScenario {
    static let account = "111122223333"
    static let principal = "arn:aws:sts::111122223333:assumed-role/ci-imagebuilder-deployer/github-actions-4711"
    static let imageARN = "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1"

    /// One policy document as JSON text, with the policy type it is parsed as.
    struct PolicyText {
        var name: String
        var type: PolicyType
        var statements: [String]

        /// The document as an IAM console would show it (4-space indentation).
        var json: String { documentJSON(statements: statements) }
    }

    /// One request of a StackQL operation and the decision the policy set must give it.
    struct RequestSpec {
        var operation: String
        var action: String
        var resource: String
        var context: [String: ContextValue]
        var expected: EvalDecision
    }

    // MARK: Policies

    static let deployerIdentity = PolicyText(
        name: "ImageBuilderDeployer", type: .identity,
        statements: [
            """
            {
                "Sid": "ReadImageBuilder",
                "Effect": "Allow",
                "Action": ["imagebuilder:Get*", "imagebuilder:BatchGet*"],
                "Resource": "arn:aws:imagebuilder:us-east-1:111122223333:*",
                "Condition": {"Bool": {"aws:SecureTransport": "true"}}
            }
            """,
            """
            {
                "Sid": "ListImageBuilder",
                "Effect": "Allow",
                "Action": "imagebuilder:List*",
                "Resource": "*"
            }
            """,
            """
            {
                "Sid": "CreateTeamImages",
                "Effect": "Allow",
                "Action": "imagebuilder:CreateImage",
                "Resource": "arn:aws:imagebuilder:us-east-1:111122223333:image/*",
                "Condition": {
                    "StringEquals": {"aws:RequestTag/team": "${aws:PrincipalTag/team}"},
                    "ForAllValues:StringEquals": {"aws:TagKeys": ["team", "project", "cost-center", "Name"]}
                }
            }
            """,
            """
            {
                "Sid": "UseBuildInputs",
                "Effect": "Allow",
                "Action": [
                    "imagebuilder:GetImageRecipe",
                    "imagebuilder:GetContainerRecipe",
                    "imagebuilder:GetInfrastructureConfiguration",
                    "imagebuilder:GetDistributionConfiguration",
                    "imagebuilder:GetComponent",
                    "imagebuilder:GetWorkflow"
                ],
                "Resource": [
                    "arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/*",
                    "arn:aws:imagebuilder:us-east-1:111122223333:container-recipe/*",
                    "arn:aws:imagebuilder:us-east-1:111122223333:infrastructure-configuration/*",
                    "arn:aws:imagebuilder:us-east-1:111122223333:distribution-configuration/*",
                    "arn:aws:imagebuilder:us-east-1:aws:component/*",
                    "arn:aws:imagebuilder:us-east-1:111122223333:component/*/*/*",
                    "arn:aws:imagebuilder:us-east-1:111122223333:workflow/*"
                ]
            }
            """,
            """
            {
                "Sid": "TagTeamImages",
                "Effect": "Allow",
                "Action": "imagebuilder:TagResource",
                "Resource": "arn:aws:imagebuilder:us-east-1:111122223333:image/*",
                "Condition": {
                    "StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"},
                    "ForAllValues:StringEquals": {"aws:TagKeys": ["team", "project", "cost-center", "Name"]}
                }
            }
            """,
            """
            {
                "Sid": "UntagTeamImagesButKeepTeam",
                "Effect": "Allow",
                "Action": "imagebuilder:UntagResource",
                "Resource": "arn:aws:imagebuilder:us-east-1:111122223333:image/*",
                "Condition": {
                    "StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"},
                    "ForAllValues:StringNotEquals": {"aws:TagKeys": "team"}
                }
            }
            """,
            """
            {
                "Sid": "DeleteTeamImages",
                "Effect": "Allow",
                "Action": "imagebuilder:DeleteImage",
                "Resource": "arn:aws:imagebuilder:us-east-1:111122223333:image/*",
                "Condition": {"StringLike": {"aws:ResourceTag/team": "platform*"}}
            }
            """,
            """
            {
                "Sid": "PassBuildRoles",
                "Effect": "Allow",
                "Action": "iam:PassRole",
                "Resource": "arn:aws:iam::111122223333:role/imagebuilder/*",
                "Condition": {"StringEquals": {"iam:PassedToService": "imagebuilder.amazonaws.com"}}
            }
            """,
            """
            {
                "Sid": "ImageBuilderServiceLinkedRole",
                "Effect": "Allow",
                "Action": "iam:CreateServiceLinkedRole",
                "Resource": "arn:aws:iam::111122223333:role/aws-service-role/imagebuilder.amazonaws.com/*",
                "Condition": {"StringLike": {"iam:AWSServiceName": "imagebuilder.amazonaws.com"}}
            }
            """,
            """
            {
                "Sid": "InspectorScanStatus",
                "Effect": "Allow",
                "Action": ["inspector2:BatchGetAccountStatus", "inspector2:ListCoverage", "inspector2:ListFindings"],
                "Resource": "*"
            }
            """,
            """
            {
                "Sid": "ReadBuildLogs",
                "Effect": "Allow",
                "Action": ["logs:DescribeLogStreams", "logs:GetLogEvents", "logs:FilterLogEvents"],
                "Resource": "arn:aws:logs:us-east-1:111122223333:log-group:/aws/imagebuilder/*"
            }
            """,
            """
            {
                "Sid": "DenyOutsideCorporateNetwork",
                "Effect": "Deny",
                "Action": "*",
                "Resource": "*",
                "Condition": {
                    "NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.0.2.0/24", "2001:db8:1234::/48"]},
                    "Bool": {"aws:ViaAWSService": "false"}
                }
            }
            """,
            """
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Action": "*",
                "Resource": "*",
                "Condition": {"Bool": {"aws:SecureTransport": "false"}}
            }
            """,
        ])

    static let cloudControlIdentity = PolicyText(
        name: "CloudControlAndBuildSupport", type: .identity,
        statements: [
            """
            {
                "Sid": "CloudControlResources",
                "Effect": "Allow",
                "Action": [
                    "cloudformation:GetResource",
                    "cloudformation:ListResources",
                    "cloudformation:CreateResource",
                    "cloudformation:UpdateResource",
                    "cloudformation:DeleteResource",
                    "cloudformation:GetResourceRequestStatus",
                    "cloudformation:ListResourceRequests"
                ],
                "Resource": "*",
                "Condition": {"Bool": {"aws:SecureTransport": "true"}}
            }
            """,
            """
            {
                "Sid": "ReadCIStacks",
                "Effect": "Allow",
                "Action": ["cloudformation:Describe*", "cloudformation:List*", "cloudformation:Get*"],
                "Resource": "arn:aws:cloudformation:us-east-1:111122223333:stack/ci-*/*"
            }
            """,
            """
            {
                "Sid": "DescribeEC2",
                "Effect": "Allow",
                "Action": "ec2:Describe*",
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-2"]}}
            }
            """,
            """
            {
                "Sid": "ReadBuildParameters",
                "Effect": "Allow",
                "Action": ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"],
                "Resource": "arn:aws:ssm:us-east-1:111122223333:parameter/imagebuilder/${aws:PrincipalTag/team}/*"
            }
            """,
            """
            {
                "Sid": "UseAMIKeys",
                "Effect": "Allow",
                "Action": ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant"],
                "Resource": "arn:aws:kms:us-east-1:111122223333:key/*",
                "Condition": {
                    "StringLike": {
                        "kms:ViaService": ["ec2.us-east-1.amazonaws.com", "imagebuilder.us-east-1.amazonaws.com"]
                    }
                }
            }
            """,
            """
            {
                "Sid": "PullBaseImages",
                "Effect": "Allow",
                "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:GetAuthorizationToken"],
                "Resource": "*"
            }
            """,
            """
            {
                "Sid": "ReadArtifacts",
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:ListBucket"],
                "Resource": ["arn:aws:s3:::ci-imagebuilder-artifacts", "arn:aws:s3:::ci-imagebuilder-artifacts/*"],
                "Condition": {"DateLessThan": {"aws:CurrentTime": "2027-01-01T00:00:00Z"}}
            }
            """,
            """
            {
                "Sid": "DenyProductionPipelines",
                "Effect": "Deny",
                "Action": "imagebuilder:*ImagePipeline*",
                "Resource": "arn:aws:imagebuilder:*:*:image-pipeline/prod-*"
            }
            """,
        ])

    static let boundary = PolicyText(
        name: "CIDeployerBoundary", type: .permissionsBoundary,
        statements: [
            """
            {
                "Sid": "ServicesWithinBoundary",
                "Effect": "Allow",
                "Action": [
                    "imagebuilder:*",
                    "cloudformation:*",
                    "ec2:Describe*",
                    "ssm:GetParameter*",
                    "kms:*",
                    "ecr:*",
                    "s3:Get*",
                    "s3:List*",
                    "logs:*",
                    "inspector2:*"
                ],
                "Resource": "*",
                "Condition": {"DateLessThan": {"aws:CurrentTime": "2027-01-01T00:00:00Z"}}
            }
            """,
            """
            {
                "Sid": "PassOnlyBuildRoles",
                "Effect": "Allow",
                "Action": "iam:PassRole",
                "Resource": "arn:aws:iam::111122223333:role/imagebuilder/*"
            }
            """,
            """
            {
                "Sid": "ImageBuilderServiceLinkedRoleOnly",
                "Effect": "Allow",
                "Action": "iam:CreateServiceLinkedRole",
                "Resource": "arn:aws:iam::*:role/aws-service-role/imagebuilder.amazonaws.com/*"
            }
            """,
            """
            {
                "Sid": "DenyBoundaryTampering",
                "Effect": "Deny",
                "Action": [
                    "iam:DeleteRolePermissionsBoundary",
                    "iam:PutRolePermissionsBoundary",
                    "iam:PutRolePolicy",
                    "iam:AttachRolePolicy"
                ],
                "Resource": "arn:aws:iam::111122223333:role/ci-*"
            }
            """,
            """
            {
                "Sid": "DenyIdentityManagement",
                "Effect": "Deny",
                "Action": ["iam:*User*", "iam:*Group*", "iam:*AccessKey*", "iam:*LoginProfile*"],
                "Resource": "*"
            }
            """,
            """
            {
                "Sid": "DenyOtherTeamsResources",
                "Effect": "Deny",
                "Action": ["imagebuilder:Delete*", "imagebuilder:Update*", "imagebuilder:Cancel*"],
                "Resource": "*",
                "Condition": {"StringNotEqualsIfExists": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}
            }
            """,
            """
            {
                "Sid": "DenyOrganizationsAndAccount",
                "Effect": "Deny",
                "Action": ["organizations:*", "account:*"],
                "Resource": "*"
            }
            """,
        ])

    static let guardrailsSCP = PolicyText(
        name: "OrganizationGuardrails", type: .scp,
        statements: [
            """
            {
                "Sid": "FullAWSAccess",
                "Effect": "Allow",
                "Action": "*",
                "Resource": "*"
            }
            """,
            """
            {
                "Sid": "DenyOutsideApprovedRegions",
                "Effect": "Deny",
                "NotAction": [
                    "iam:*",
                    "sts:*",
                    "organizations:*",
                    "cloudfront:*",
                    "route53:*",
                    "support:*",
                    "budgets:*"
                ],
                "Resource": "*",
                "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-2"]}}
            }
            """,
            """
            {
                "Sid": "DenyLeavingOrganization",
                "Effect": "Deny",
                "Action": "organizations:LeaveOrganization",
                "Resource": "*"
            }
            """,
            """
            {
                "Sid": "ProtectSecurityTooling",
                "Effect": "Deny",
                "Action": [
                    "inspector2:Disable*",
                    "guardduty:Delete*",
                    "guardduty:Disassociate*",
                    "securityhub:Disable*",
                    "cloudtrail:StopLogging",
                    "cloudtrail:DeleteTrail"
                ],
                "Resource": "*",
                "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/security-admin"}}
            }
            """,
            """
            {
                "Sid": "RequireTeamTagOnCreate",
                "Effect": "Deny",
                "Action": "imagebuilder:Create*",
                "Resource": "*",
                "Condition": {"Null": {"aws:RequestTag/team": "true"}}
            }
            """,
            """
            {
                "Sid": "ProtectReleasedImages",
                "Effect": "Deny",
                "Action": "imagebuilder:DeleteImage",
                "Resource": "arn:aws:imagebuilder:*:*:image/*",
                "Condition": {"StringEquals": {"aws:ResourceTag/lifecycle": "released"}}
            }
            """,
            """
            {
                "Sid": "DenyRootUser",
                "Effect": "Deny",
                "Action": "*",
                "Resource": "*",
                "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}
            }
            """,
        ])

    static let imagePolicy = PolicyText(
        name: "ImageSharingPolicy", type: .resource,
        statements: [
            """
            {
                "Sid": "ShareWithWorkloadAccounts",
                "Effect": "Allow",
                "Principal": {"AWS": ["444455556666", "arn:aws:iam::777788889999:root"]},
                "Action": ["imagebuilder:GetImage", "imagebuilder:ListImages"],
                "Resource": "arn:aws:imagebuilder:us-east-1:111122223333:image/web/*"
            }
            """,
            """
            {
                "Sid": "DeployerReadsItsImages",
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:role/ci-imagebuilder-deployer"},
                "Action": ["imagebuilder:GetImage", "imagebuilder:ListImageBuildVersions"],
                "Resource": "arn:aws:imagebuilder:us-east-1:111122223333:image/web/*"
            }
            """,
            """
            {
                "Sid": "ImageBuilderServiceReads",
                "Effect": "Allow",
                "Principal": {"Service": "imagebuilder.amazonaws.com"},
                "Action": "imagebuilder:GetImage",
                "Resource": "arn:aws:imagebuilder:us-east-1:111122223333:image/*"
            }
            """,
            """
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "imagebuilder:*",
                "Resource": "*",
                "Condition": {"Bool": {"aws:SecureTransport": "false"}}
            }
            """,
            """
            {
                "Sid": "DenyOutsideKnownAccounts",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "imagebuilder:*",
                "Resource": "*",
                "Condition": {
                    "StringNotEquals": {"aws:PrincipalAccount": ["111122223333", "444455556666", "777788889999"]}
                }
            }
            """,
        ])

    /// Every policy, in the order of `policySet(from:)`.
    static let policies = [deployerIdentity, cloudControlIdentity, boundary, guardrailsSCP, imagePolicy]

    /// Assembles the parsed documents (same order as `policies`) into the set one request is evaluated against.
    static func policySet(from documents: [PolicyDocument]) -> PolicySet {
        PolicySet(
            identity: [documents[0], documents[1]], permissionsBoundary: documents[2], resource: documents[4],
            scps: [[documents[3]]])
    }

    // MARK: Requests

    /// What every request of the CI job carries: the role's tags, its network, TLS, the time and the region.
    static let baseContext: [String: ContextValue] = [
        "aws:PrincipalTag/team": ContextValue("platform"),
        "aws:PrincipalTag/environment": ContextValue("ci"),
        "aws:SourceIp": ContextValue("10.20.30.40"),
        "aws:SecureTransport": ContextValue("true"),
        "aws:ViaAWSService": ContextValue("false"),
        "aws:CurrentTime": ContextValue("2026-03-01T12:00:00Z"),
        "aws:RequestedRegion": ContextValue("us-east-1"),
    ]

    static func arn(_ resource: String) -> String { "arn:aws:imagebuilder:us-east-1:111122223333:\(resource)" }

    static let teamTag: [String: ContextValue] = ["aws:ResourceTag/team": ContextValue("platform")]

    /// The requests of the five StackQL operations on `awscc.imagebuilder.images`, with the expected decisions:
    /// the CI role cannot strip the `team` tag, cannot cancel builds, and the SCP protects released images.
    static let requests: [RequestSpec] = [
        // SELECT … WHERE data__Identifier = '<image arn>'
        RequestSpec(
            operation: "get", action: "imagebuilder:GetImage", resource: imageARN, context: teamTag,
            expected: .allowed),
        RequestSpec(
            operation: "get", action: "cloudformation:GetResource", resource: "*", context: [:], expected: .allowed),
        // SELECT … FROM awscc.imagebuilder.images (list)
        RequestSpec(
            operation: "list", action: "imagebuilder:ListImages", resource: "*", context: [:], expected: .allowed),
        RequestSpec(
            operation: "list", action: "imagebuilder:ListImageBuildVersions", resource: arn("image/web/1.0.0/*"),
            context: [:], expected: .allowed),
        RequestSpec(
            operation: "list", action: "cloudformation:ListResources", resource: "*", context: [:],
            expected: .allowed),
        // INSERT INTO awscc.imagebuilder.images
        RequestSpec(
            operation: "create", action: "imagebuilder:CreateImage", resource: arn("image/*"),
            context: [
                "aws:RequestTag/team": ContextValue("platform"),
                "aws:RequestTag/project": ContextValue("web"),
                "aws:TagKeys": ContextValue(set: ["team", "project"]),
            ], expected: .allowed),
        RequestSpec(
            operation: "create", action: "iam:PassRole",
            resource: "arn:aws:iam::111122223333:role/imagebuilder/EC2InstanceProfileForImageBuilder",
            context: ["iam:PassedToService": ContextValue("imagebuilder.amazonaws.com")], expected: .allowed),
        RequestSpec(
            operation: "create", action: "imagebuilder:GetImageRecipe", resource: arn("image-recipe/web/1.0.0"),
            context: [:], expected: .allowed),
        RequestSpec(
            operation: "create", action: "imagebuilder:GetInfrastructureConfiguration",
            resource: arn("infrastructure-configuration/web-build"), context: [:], expected: .allowed),
        RequestSpec(
            operation: "create", action: "imagebuilder:GetDistributionConfiguration",
            resource: arn("distribution-configuration/web-distribution"), context: [:], expected: .allowed),
        RequestSpec(
            operation: "create", action: "imagebuilder:TagResource", resource: imageARN,
            context: [
                "aws:RequestTag/team": ContextValue("platform"),
                "aws:RequestTag/project": ContextValue("web"),
                "aws:TagKeys": ContextValue(set: ["team", "project"]),
                "aws:ResourceTag/team": ContextValue("platform"),
            ], expected: .allowed),
        RequestSpec(
            operation: "create", action: "inspector2:BatchGetAccountStatus", resource: "*", context: [:],
            expected: .allowed),
        RequestSpec(
            operation: "create", action: "iam:CreateServiceLinkedRole",
            resource: "arn:aws:iam::111122223333:role/aws-service-role/imagebuilder.amazonaws.com/"
                + "AWSServiceRoleForImageBuilder",
            context: ["iam:AWSServiceName": ContextValue("imagebuilder.amazonaws.com")], expected: .allowed),
        RequestSpec(
            operation: "create", action: "cloudformation:CreateResource", resource: "*", context: [:],
            expected: .allowed),
        // UPDATE awscc.imagebuilder.images SET data__PatchDocument = … (tags)
        RequestSpec(
            operation: "update", action: "imagebuilder:TagResource", resource: imageARN,
            context: [
                "aws:RequestTag/cost-center": ContextValue("cc-1234"),
                "aws:TagKeys": ContextValue(set: ["cost-center"]),
                "aws:ResourceTag/team": ContextValue("platform"),
            ], expected: .allowed),
        RequestSpec(
            operation: "update", action: "imagebuilder:UntagResource", resource: imageARN,
            context: ["aws:TagKeys": ContextValue(set: ["team"]), "aws:ResourceTag/team": ContextValue("platform")],
            expected: .implicitDeny),
        RequestSpec(
            operation: "update", action: "cloudformation:UpdateResource", resource: "*", context: [:],
            expected: .allowed),
        // DELETE FROM awscc.imagebuilder.images
        RequestSpec(
            operation: "delete", action: "imagebuilder:GetImage", resource: imageARN, context: teamTag,
            expected: .allowed),
        RequestSpec(
            operation: "delete", action: "imagebuilder:DeleteImage", resource: imageARN,
            context: [
                "aws:ResourceTag/team": ContextValue("platform"),
                "aws:ResourceTag/lifecycle": ContextValue("released"),
            ], expected: .explicitDeny),
        RequestSpec(
            operation: "delete", action: "imagebuilder:UntagResource", resource: imageARN,
            context: [
                "aws:TagKeys": ContextValue(set: ["project", "Name"]),
                "aws:ResourceTag/team": ContextValue("platform"),
            ], expected: .allowed),
        RequestSpec(
            operation: "delete", action: "imagebuilder:CancelImageCreation", resource: imageARN, context: teamTag,
            expected: .implicitDeny),
        RequestSpec(
            operation: "delete", action: "cloudformation:DeleteResource", resource: "*", context: [:],
            expected: .allowed),
    ]

    /// The requests as the engine takes them.
    static func authorizationRequests() throws -> [AuthorizationRequest] {
        let principal = try Principal.parse(principal).get()
        return requests.map { spec in
            AuthorizationRequest(
                principal: principal, action: spec.action, resource: spec.resource,
                context: RequestContext(baseContext.merging(spec.context) { _, specific in specific }))
        }
    }
}

/// A policy document around `statements`, indented as the IAM console shows policies.
func documentJSON(statements: [String]) -> String {
    let body = statements.map { indent($0, by: 8) }.joined(separator: ",\n")
    return "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n\(body)\n    ]\n}\n"
}

/// `text` with every line indented by `spaces`.
func indent(_ text: String, by spaces: Int) -> String {
    let padding = String(repeating: " ", count: spaces)
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { padding + $0 }.joined(separator: "\n")
}
