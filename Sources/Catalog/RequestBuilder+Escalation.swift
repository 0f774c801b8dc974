import IAMPolicy
import ServiceReference

/// The requests of the audit's one-hop escalations (issue 13), made from the service reference as an operation's are:
/// assuming a role, and Image Builder's instance-profile path (pathfinding.cloud `imagebuilder-001`: pass a role to
/// EC2 through an infrastructure configuration and create a component, a recipe and an image).
extension RequestBuilder {
    /// The actions a principal calls to start an Image Builder build whose instance runs a component of its own
    /// (`execution-and-audit.md` §5), in the order a build needs them.
    public static let imageBuilderCreateActions = [
        "imagebuilder:CreateComponent", "imagebuilder:CreateImageRecipe",
        "imagebuilder:CreateInfrastructureConfiguration",
        "imagebuilder:CreateImage",
    ]

    /// The service an infrastructure configuration passes its instance profile's role to: Service Authorization
    /// Reference, EC2 Image Builder, CreateInfrastructureConfiguration → `iam:PassRole` with `iam:PassedToService`
    /// `ec2.amazonaws.com` (`stackql-and-imagebuilder.md`; the role is the one EC2 instances of the build run as).
    public static let instanceProfileService = "ec2.amazonaws.com"

    /// `sts:AssumeRole` on `role` (an ARN, or a template with unknown parts), as a principal calls it directly: no
    /// session tags (`aws:RequestTag/*`, `aws:TagKeys` absent), not through a service. Other keys (MFA, source IP,
    /// `sts:ExternalId`…) are unknown: a condition on them is one the hop depends on.
    public func assumeRole(_ role: PartialValue) -> RequiredRequest {
        var request = RequiredRequest(
            action: "sts:AssumeRole", resource: role, context: ["aws:ViaAWSService": ContextValue("false")],
            knownAbsentKeys: directCallKeys + tagKeys, role: .handler, reason: .assumingRole)
        request.applicableServiceKeys = applicableServiceKeys(for: request.action)
        return request
    }

    /// `iam:PassRole` on `role` to `service` (`iam:PassedToService`), as madeWithRole passes a role: IAM's region, no
    /// tags. `iam:AssociatedResourceArn` (the resource the role is passed with) is unknown.
    public func passRole(_ role: PartialValue, to service: String) -> RequiredRequest {
        var request = RequiredRequest(
            action: "iam:PassRole", resource: role,
            context: [
                "iam:PassedToService": ContextValue(service),
                // `reference_policies_condition-keys.md#condition-keys-requestedregion`: IAM calls go to us-east-1.
                "aws:RequestedRegion": ContextValue("us-east-1"),
            ], knownAbsentKeys: tagKeys, role: .handler, reason: .passingRole(to: service))
        request.applicableServiceKeys = applicableServiceKeys(for: request.action)
        return request
    }

    /// `imageBuilderCreateActions` as the principal calls them directly, each on the ARN its resource type's template
    /// gives (Service Authorization Reference, EC2 Image Builder: `component`, `imageRecipe`,
    /// `infrastructureConfiguration`, `image`), partition, region and account from `inputs`, names unknown. Whether
    /// the calls carry tags is the caller's choice, so the tag keys are unknown, not absent.
    public func imageBuilderCreates(inputs: OperationInputs) -> [RequiredRequest] {
        Self.imageBuilderCreateActions.map { action in
            var context = inputs.context
            if context["aws:RequestedRegion"] == nil, let region = inputs.region.knownText {
                context["aws:RequestedRegion"] = ContextValue(region)
            }
            context["aws:ViaAWSService"] = ContextValue("false")
            var request = RequiredRequest(
                action: action, resource: createdResource(action, inputs: inputs), context: context,
                knownAbsentKeys: directCallKeys, role: .handler, reason: .startingImageBuild)
            request.applicableServiceKeys = applicableServiceKeys(for: action)
            return request
        }
    }

    /// A role's ARN with its path and name unknown: `arn:PARTITION:iam::ACCOUNT:role${RolePath}${RoleName}`.
    public static func anyRole(partition: String, account: String) -> PartialValue {
        PartialValue(parts: [
            .literal("arn:\(partition):iam::\(account):role"), .unknown("RolePath"), .unknown("RoleName"),
        ])
    }

    /// The ARN a create action's required resource type gives, unknown names kept; `*` for an action the service
    /// reference does not know or that takes no resource.
    func createdResource(_ action: String, inputs: OperationInputs) -> PartialValue {
        guard let info = reference.action(action), !info.isWildcardOnly,
            let entry = info.resourceTypes.first(where: \.required) ?? info.resourceTypes.first,
            let type = reference.service(info.service)?.resourceTypes[entry.name.lowercased()]
        else { return PartialValue.known("*") }
        return fill(type, inputs: inputs, values: [:])
    }

    private var directCallKeys: [String] { ["aws:calledvia", "aws:calledviafirst", "aws:calledvialast"] }

    private var tagKeys: [String] { ["aws:requesttag/*", "aws:tagkeys"] }
}
