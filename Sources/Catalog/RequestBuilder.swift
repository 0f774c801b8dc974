import IAMPolicy
import ServiceReference

/// What is known when an operation is checked: where, who owns it, extra context, and the statement's values.
public struct OperationInputs: Sendable {
    public var partition: String
    /// Whether `partition` is the principal's (`false`: a default, when no principal is known; values are then not
    /// checked against it).
    public var partitionIsKnown = true
    /// `--region` or the statement's `region`; `.unknown("region")` when neither says.
    public var region: PartialValue
    /// `--account`; `.unknown("account")` when not given.
    public var account: PartialValue
    /// `--context KEY=VALUE`: applies to every request.
    public var context: [String: ContextValue]
    /// The statement's values; `nil` for an operation-level check (no statement).
    public var statement: StatementInputs?
    /// Roles the account is known to hold (from authorization details), role name → ARN: a role given by name whose
    /// record is here has a known path.
    public var knownRoles: [String: String]

    public init(
        partition: String = "aws", region: PartialValue = .unknown("region"),
        account: PartialValue = .unknown("account"),
        context: [String: ContextValue] = [:], statement: StatementInputs? = nil, knownRoles: [String: String] = [:]
    ) {
        self.partition = partition
        self.region = region
        self.account = account
        self.context = context
        self.statement = statement
        self.knownRoles = knownRoles
    }
}

/// The values a statement gives an operation.
public struct StatementInputs: Sendable {
    /// `WHERE Identifier = …` (get, update, delete).
    public var identifier: PartialValue?
    /// INSERT columns → values, keyed as the catalog spells the property (`ImageRecipeArn`).
    public var properties: [String: PartialValue]
    /// UPDATE's `SET PatchDocument = …`.
    public var patchDocument: PartialValue?
    /// Whether the statement waits for the mutation to finish (`/*+ AWAIT */`).
    public var awaitsCompletion: Bool
    /// The `RoleArn` parameter: the role Cloud Control makes the handler calls with.
    public var roleArn: PartialValue?

    public init(
        identifier: PartialValue? = nil, properties: [String: PartialValue] = [:], patchDocument: PartialValue? = nil,
        awaitsCompletion: Bool = false, roleArn: PartialValue? = nil
    ) {
        self.identifier = identifier
        self.properties = properties
        self.patchDocument = patchDocument
        self.awaitsCompletion = awaitsCompletion
        self.roleArn = roleArn
    }

    func property(_ name: String) -> PartialValue? {
        properties.first { $0.key.lowercased() == name.lowercased() }?.value
    }
}

/// A statement value iamgate cannot use (e.g. `Tags` that is not JSON).
public struct RequestBuildError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Turns an operation (and, when given, a statement's values) into the authorization requests AWS will make: the
/// Cloud Control call, following a mutation, and every handler permission on the right resource with the right
/// context, built from the service reference's resource types and ARN templates. What is unknown stays unknown.
public struct RequestBuilder: Sendable {
    public var reference: ServiceReference

    /// Where a resource names the role its handler reads and passes.
    enum RoleColumn {
        /// `ExecutionRole` (an image, an image pipeline).
        case executionRole
        /// The role inside the instance profile `InstanceProfileName` names (an infrastructure configuration).
        case instanceProfile
        /// No column names a role.
        case none
    }

    static func roleColumn(_ resource: ResourceDefinition) -> RoleColumn {
        switch resource.cloudFormationType {
        case "AWS::ImageBuilder::Image", "AWS::ImageBuilder::ImagePipeline": .executionRole
        case "AWS::ImageBuilder::InfrastructureConfiguration": .instanceProfile
        default: .none
        }
    }

    /// The service a resource's handler passes its role to, the value of `iam:PassedToService` (Service
    /// Authorization Reference, EC2 Image Builder: CreateInfrastructureConfiguration passes the instance profile's
    /// role to `ec2.amazonaws.com`, CreateDistributionConfiguration its export role to `vmie.amazonaws.com` (VM
    /// Import/Export), CreateImage, CreateImagePipeline and the others their execution role to
    /// `imagebuilder.amazonaws.com`).
    static func passedToService(_ resource: ResourceDefinition) -> String {
        switch resource.cloudFormationType {
        case "AWS::ImageBuilder::InfrastructureConfiguration": "ec2.amazonaws.com"
        case "AWS::ImageBuilder::DistributionConfiguration": "vmie.amazonaws.com"
        default: "\(resource.service).amazonaws.com"
        }
    }

    public init(reference: ServiceReference = .shared) {
        self.reference = reference
    }

    public func requests(
        for resource: ResourceDefinition, method: ResourceMethod, inputs: OperationInputs
    ) throws(RequestBuildError) -> [RequiredRequest] {
        let statement = inputs.statement
        let facts = try StatementFacts(statement: statement)
        var requests: [RequiredRequest] = []
        // The Cloud Control call, made by the principal itself.
        requests.append(
            RequiredRequest(
                action: method.cloudControl.action, resource: PartialValue.known("*"),
                context: context(for: method.cloudControl.action, inputs: inputs, viaService: false),
                knownAbsentKeys: directCallAbsentKeys + tagKeysAbsent, role: .cloudControl,
                reason: .cloudControlCall(
                    sqlVerb: method.sqlVerb, table: method.table, operation: method.cloudControl.operation)))
        for action in method.cloudControl.followUpActions {
            let necessity: Necessity =
                statement == nil || statement?.awaitsCompletion == true
                ? .required : .notNeeded(.noAwait)
            requests.append(
                RequiredRequest(
                    action: action, resource: PartialValue.known("*"),
                    context: context(for: action, inputs: inputs, viaService: false),
                    knownAbsentKeys: directCallAbsentKeys + tagKeysAbsent, role: .followUp, necessity: necessity,
                    reason: .followUp(operation: method.cloudControl.operation)))
        }
        // The handler's documented permissions, as calls made with the caller's credentials (forward access
        // sessions: `aws:ViaAWSService` is true).
        for action in method.permissions {
            requests += handlerRequests(
                action: action, resource: resource, method: method, inputs: inputs, facts: facts)
        }
        // Statement values can call for actions the handler list omits (a container recipe).
        if method.name == "create_resource", let containerRecipe = facts.containerRecipe,
            !method.permissions.contains(where: { $0.lowercased() == "imagebuilder:getcontainerrecipe" })
        {
            requests.append(
                RequiredRequest(
                    action: "imagebuilder:GetContainerRecipe", resource: containerRecipe,
                    context: context(for: "imagebuilder:GetContainerRecipe", inputs: inputs, viaService: true),
                    knownAbsentKeys: tagKeysAbsent, role: .handler,
                    reason: .containerRecipeInStatement))
        }
        requests = requests.map { request in
            var request = request
            request.applicableServiceKeys = applicableServiceKeys(for: request.action)
            return request
        }
        guard let roleArn = statement?.roleArn else { return requests }
        return Self.madeWithRole(requests, roleArn: roleArn)
    }

    /// With `RoleArn` in the statement, Cloud Control makes the handler calls with that role's credentials, so the
    /// principal makes none of them and needs only to pass the role to CloudFormation (Service Authorization
    /// Reference, Cloud Control API: `iam:PassRole` with `iam:PassedToService` `cloudformation.amazonaws.com`).
    static func madeWithRole(_ requests: [RequiredRequest], roleArn template: PartialValue) -> [RequiredRequest] {
        var requests = requests.map { request in
            guard request.role == .handler else { return request }
            // A request the statement does not make keeps its own reason.
            if case .notNeeded = request.necessity { return request }
            var copy = request
            copy.necessity = .notNeeded(.madeWithRole(template))
            return copy
        }
        requests.append(
            RequiredRequest(
                action: "iam:PassRole", resource: template,
                context: [
                    "iam:PassedToService": ContextValue("cloudformation.amazonaws.com"),
                    // `reference_policies_condition-keys.md#condition-keys-requestedregion`: IAM calls go to us-east-1.
                    "aws:RequestedRegion": ContextValue("us-east-1"),
                ], knownAbsentKeys: ["aws:requesttag/*", "aws:tagkeys"], role: .cloudControl,
                reason: .passesRoleArn))
        return requests
    }

    /// The service-specific condition keys an action supports (its own and its resource types'), lowercased with
    /// `${…}` templates as `*`; `nil` when the action is unknown to the service reference.
    func applicableServiceKeys(for action: String) -> [String]? {
        guard let info = reference.action(action) else { return nil }
        let service = reference.service(info.service)
        let keys =
            info.conditionKeys + info.resourceTypes.flatMap(\.conditionKeys)
            + info.resourceTypes.flatMap { service?.resourceTypes[$0.name.lowercased()]?.conditionKeys ?? [] }
        return Array(
            Set(
                keys.filter { !$0.lowercased().hasPrefix("aws:") }.map { key -> String in
                    let lower = key.lowercased()
                    guard let open = lower.range(of: "${") else { return lower }
                    return String(lower[lower.startIndex..<open.lowerBound]) + "*"
                })
        ).sorted()
    }

    // MARK: - Handler permissions

    private func handlerRequests(
        action: String, resource: ResourceDefinition, method: ResourceMethod, inputs: OperationInputs,
        facts: StatementFacts
    ) -> [RequiredRequest] {
        let lower = action.lowercased()
        let hasStatement = inputs.statement != nil
        let base = method.handler
        var context = self.context(for: action, inputs: inputs, viaService: true)
        var absent = tagKeysAbsent
        var necessity = Necessity.required
        var source: RequestReason.HandlerSource?
        var resources: [PartialValue]
        let primaryType = primaryResourceType(of: resource)
        let isCreate = method.name == "create_resource"

        switch lower {
        case "iam:passrole", "iam:getrole":
            let rolePassedAs = Self.roleColumn(resource)
            if let role = facts.executionRole, rolePassedAs == .executionRole {
                let (template, how) = roleTemplate(role, inputs: inputs)
                resources = [template]
                source = .executionRole(path: how)
            } else if hasStatement && isCreate && rolePassedAs == .executionRole {
                return [
                    notNeeded(action, .statementSetsNo("ExecutionRole"), base: base)
                ]
            } else if rolePassedAs == .instanceProfile {
                // The role is the one in the instance profile the statement names; which role that is, the
                // statement does not say.
                resources = [
                    PartialValue(
                        template: "arn:\(inputs.partition):iam::\(accountText(inputs)):role/${RoleNameWithPath}")
                ]
                source = .instanceProfileRole
            } else if rolePassedAs == .none && isCreate {
                // The handler lists the permission, but the resource names no role of its own: which role it reads
                // (the service-linked role's check, most likely) is not documented, so the request may or may not
                // be made. Denied, it leaves the operation undetermined rather than denied; it never allows.
                resources = [
                    PartialValue(
                        template: "arn:\(inputs.partition):iam::\(accountText(inputs)):role/${RoleNameWithPath}")
                ]
                necessity = .situational(.undocumentedRole)
            } else {
                resources = [
                    PartialValue(
                        template: "arn:\(inputs.partition):iam::\(accountText(inputs)):role/${RoleNameWithPath}")
                ]
            }
            if lower == "iam:passrole" {
                context["iam:PassedToService"] = ContextValue(Self.passedToService(resource))
            }
        case "iam:createservicelinkedrole":
            let service = "\(resource.service).amazonaws.com"
            resources = [
                PartialValue(
                    template:
                        "arn:\(inputs.partition):iam::\(accountText(inputs)):role/aws-service-role/\(service)/"
                        + "AWSServiceRoleForImageBuilder")
            ]
            context["iam:AWSServiceName"] = ContextValue(service)
            necessity = .situational(.serviceLinkedRoleMissing(role: "AWSServiceRoleForImageBuilder"))
        case "ecr:batchgetrepositoryscanningconfiguration":
            switch facts.scanningRepository {
            case .none where hasStatement:
                return [
                    notNeeded(action, .statementSetsNo("ECR scanning configuration"), base: base)
                ]
            case .some(let repository):
                resources = [
                    PartialValue(
                        parts: [.literal("arn:\(inputs.partition):ecr:")] + regionParts(inputs)
                            + [.literal(":")] + accountParts(inputs) + [.literal(":repository/")]
                            + repository.parts)
                ]
                source = .statementValue("ECR repository")
            case .none:
                resources = resolvedResources(
                    action: action, type: nil, inputs: inputs, facts: facts, primary: primaryType, isCreate: isCreate)
            }
        case "imagebuilder:getworkflow" where hasStatement:
            guard !facts.workflows.isEmpty else {
                return [notNeeded(action, .statementSetsNo("Workflows"), base: base)]
            }
            resources = facts.workflows
            source = .statementValue("Workflows[].WorkflowArn")
        case "imagebuilder:tagresource", "imagebuilder:untagresource":
            let tagging = tagging(
                for: method, isTag: lower == "imagebuilder:tagresource", facts: facts, hasStatement: hasStatement)
            switch tagging {
            case .notNeeded(let why):
                return [notNeeded(action, why, base: base)]
            case .tags(let keys, let values, let situational):
                if let keys {
                    context["aws:TagKeys"] = ContextValue(set: keys)
                    for (key, value) in values { context["aws:RequestTag/\(key)"] = ContextValue(value) }
                    // Request tags not listed are absent, unless some values are unknown.
                    absent =
                        values.count == keys.count || lower == "imagebuilder:untagresource" ? ["aws:requesttag/*"] : []
                } else {
                    absent = []
                }
                if let situational { necessity = .situational(situational) }
            }
            resources = [
                primaryTemplate(resource: resource, type: primaryType, inputs: inputs, facts: facts, isCreate: isCreate)
            ]
        default:
            resources = resolvedResources(
                action: action, type: nil, inputs: inputs, facts: facts, primary: primaryType, isCreate: isCreate)
            if let property = propertyBacking(action: action), hasStatement, facts.value(property) == nil {
                return [notNeeded(action, .statementSetsNo(property), base: base)]
            }
            if let property = propertyBacking(action: action), facts.value(property) != nil {
                source = .statementValue(property)
            }
        }
        // Creating: the new resource's own tags travel with the create call.
        if isCreate && lower.hasPrefix("\(resource.service):create") {
            if let keys = facts.tagKeys {
                context["aws:TagKeys"] = ContextValue(set: keys)
                for (key, value) in facts.tagValues { context["aws:RequestTag/\(key)"] = ContextValue(value) }
                absent = facts.tagValuesComplete ? ["aws:requesttag/*"] : []
            } else if facts.tagsUnknown || inputs.statement == nil {
                absent = []
            }
            absent.append("aws:resourcetag/*")
        }
        return resources.map {
            RequiredRequest(
                action: action, resource: $0, context: context, knownAbsentKeys: absent, role: .handler,
                necessity: necessity, reason: .handlerPermission(handler: base, source: source))
        }
    }

    private func notNeeded(_ action: String, _ why: NotNeededReason, base: String) -> RequiredRequest {
        RequiredRequest(
            action: action, resource: PartialValue.known("*"), context: [:], role: .handler,
            necessity: .notNeeded(why), reason: .handlerPermission(handler: base, source: nil))
    }

    /// The statement property whose presence makes the handler call an action (`GetImageRecipe` ← `ImageRecipeArn`).
    private func propertyBacking(action: String) -> String? {
        switch action.lowercased() {
        case "imagebuilder:getimagerecipe": return "ImageRecipeArn"
        case "imagebuilder:getcontainerrecipe": return "ContainerRecipeArn"
        case "imagebuilder:getinfrastructureconfiguration": return "InfrastructureConfigurationArn"
        case "imagebuilder:getdistributionconfiguration": return "DistributionConfigurationArn"
        default: return nil
        }
    }

    enum Tagging {
        case notNeeded(NotNeededReason)
        /// Tag keys and values when known (`nil` keys: unknown), and a situation when the call may not happen.
        case tags(keys: [String]?, values: [(String, String)], situational: Situation?)
    }

    private func tagging(for method: ResourceMethod, isTag: Bool, facts: StatementFacts, hasStatement: Bool) -> Tagging
    {
        switch method.name {
        case "create_resource":
            if !isTag {
                return .tags(keys: nil, values: [], situational: .untagsOnRollback)
            }
            if facts.tagsUnknown || !hasStatement { return .tags(keys: nil, values: [], situational: nil) }
            guard let keys = facts.tagKeys, !keys.isEmpty else { return .notNeeded(.statementSetsNo("Tags")) }
            return .tags(keys: keys, values: facts.tagValues, situational: nil)
        case "update_resource":
            guard hasStatement, let patch = facts.patch else { return .tags(keys: nil, values: [], situational: nil) }
            switch patch {
            case .unknown:
                return .tags(keys: nil, values: [], situational: isTag ? nil : .patchRemovesTags)
            case .known(let tagOps):
                if isTag {
                    guard !tagOps.added.isEmpty || tagOps.replacesAll else {
                        return .notNeeded(.patchAddsNoTags)
                    }
                    return .tags(
                        keys: tagOps.replacesAll && tagOps.addedValuesUnknown ? nil : tagOps.added.map(\.0),
                        values: tagOps.addedValuesUnknown ? [] : tagOps.added, situational: nil)
                }
                if tagOps.removed.isEmpty && !tagOps.replacesAll { return .notNeeded(.patchRemovesNoTags) }
                if tagOps.replacesAll {
                    return .tags(
                        keys: nil, values: [], situational: .patchDropsTags)
                }
                return .tags(keys: tagOps.removed, values: [], situational: nil)
            }
        default:
            // Deleting untags first; the keys are the resource's current ones, which are unknown.
            return .tags(keys: nil, values: [], situational: nil)
        }
    }

    // MARK: - Resources

    /// The resource type that stands for the catalog resource itself: `AWS::ImageBuilder::Image` → `image`.
    func primaryResourceType(of resource: ResourceDefinition) -> ResourceTypeInfo? {
        let name = String(resource.cloudFormationType.split(separator: ":").last ?? "").lowercased()
        return reference.service(resource.service)?.resourceTypes[name]
    }

    private func resolvedResources(
        action: String, type: ResourceTypeInfo?, inputs: OperationInputs, facts: StatementFacts,
        primary: ResourceTypeInfo?, isCreate: Bool
    ) -> [PartialValue] {
        guard let info = reference.action(action), !info.isWildcardOnly else { return [PartialValue.known("*")] }
        let candidates = info.resourceTypes.compactMap { entry in
            reference.service(info.service)?.resourceTypes[entry.name.lowercased()].map { (entry.required, $0) }
        }
        // The type the action needs: the catalog resource's own type when listed, else one backed by a statement
        // property, else the first required one.
        let chosen =
            candidates.first { $0.1.key.lowercased() == primary?.key.lowercased() }?.1
            ?? candidates.first { facts.value($0.1.key + "Arn") != nil }?.1
            ?? candidates.first { $0.0 }?.1 ?? candidates.first?.1
        guard let chosen else { return [PartialValue.known("*")] }
        if chosen.key.lowercased() == primary?.key.lowercased() {
            return [primaryTemplate(resource: nil, type: chosen, inputs: inputs, facts: facts, isCreate: isCreate)]
        }
        if let value = facts.value(chosen.key + "Arn") { return [value] }
        return [fill(chosen, inputs: inputs, values: [:])]
    }

    /// The catalog resource's own ARN: the statement's Identifier, or for a create the ARN it will get.
    private func primaryTemplate(
        resource: ResourceDefinition?, type: ResourceTypeInfo?, inputs: OperationInputs, facts: StatementFacts,
        isCreate: Bool
    ) -> PartialValue {
        // The Identifier is the resource's ARN; one whose text is not known at all stands for any ARN of the type.
        if let identifier = facts.identifier, !isCreate, identifierHasShape(identifier) { return identifier }
        guard let type else { return PartialValue.known("*") }
        var values: [String: PartialValue] = [:]
        // An image is named after its recipe: image/RECIPE-NAME/RECIPE-VERSION/BUILD.
        if isCreate, type.key == "image", let recipe = facts.imageRecipe ?? facts.containerRecipe,
            let text = recipe.knownText
        {
            let pieces = text.split(separator: "/")
            if pieces.count >= 3 {
                values["ImageName"] = .known(String(pieces[pieces.count - 2]))
                values["ImageVersion"] = .known(String(pieces[pieces.count - 1]))
            }
        }
        return fill(type, inputs: inputs, values: values)
    }

    /// Whether an Identifier value says enough to be used as the ARN itself: fully known, or starting with `arn:`.
    private func identifierHasShape(_ identifier: PartialValue) -> Bool {
        if identifier.knownText != nil { return true }
        if case .literal(let first)? = identifier.parts.first { return first.hasPrefix("arn:") }
        return false
    }

    /// Fills an ARN template: partition, region and account from the inputs, named values, placeholders otherwise.
    func fill(_ type: ResourceTypeInfo, inputs: OperationInputs, values: [String: PartialValue]) -> PartialValue {
        var parts: [PartialValue.Part] = []
        for part in PartialValue(template: type.arnTemplate).parts {
            switch part {
            case .literal(let text):
                parts.append(.literal(text))
            case .unknown(let name):
                switch name {
                case "Partition": parts.append(.literal(inputs.partition))
                case "Region": parts += regionParts(inputs)
                case "Account": parts += accountParts(inputs)
                default:
                    if let value = values[name] {
                        parts += value.parts
                    } else {
                        parts.append(.unknown(name))
                    }
                }
            }
        }
        return PartialValue(parts: parts)
    }

    private func regionParts(_ inputs: OperationInputs) -> [PartialValue.Part] {
        inputs.region.parts.map {
            if case .unknown = $0 { return .unknown("Region") }
            return $0
        }
    }

    private func accountParts(_ inputs: OperationInputs) -> [PartialValue.Part] {
        inputs.account.parts.map {
            if case .unknown = $0 { return .unknown("Account") }
            return $0
        }
    }

    private func accountText(_ inputs: OperationInputs) -> String {
        inputs.account.knownText ?? "${Account}"
    }

    /// `ExecutionRole` is a role ARN or a role name, and a name leaves the role's path unknown: role names are unique
    /// in an account whatever their path, and the role's ARN is `role` + path + name
    /// (`reference_identifiers.md#identifiers-arns`; IAM's `pathType` is `/` or `/…/`). So a name becomes
    /// `arn:PARTITION:iam::ACCOUNT:role${RolePath}NAME` — a policy naming only `role/NAME` names some of the roles it
    /// can be, not all — unless the account's authorization details list the role (same name, same account), whose
    /// ARN then says the path. A value holding `/` but not an ARN gives the path itself (`service-role/NAME`). Returns
    /// the template and, for a name, how its path was decided (for the request's reason).
    func roleTemplate(_ role: PartialValue, inputs: OperationInputs) -> (PartialValue, RequestReason.RolePath?) {
        if let text = role.knownText, text.hasPrefix("arn:") { return (PartialValue(parts: [.literal(text)]), nil) }
        if role.knownText == nil, case .literal(let first)? = role.parts.first, first.hasPrefix("arn:") {
            return (role, nil)
        }
        let prefix: [PartialValue.Part] =
            [.literal("arn:\(inputs.partition):iam::")] + accountParts(inputs) + [.literal(":role")]
        let givesPath = role.parts.contains {
            if case .literal(let text) = $0 { return text.contains("/") }
            return false
        }
        if givesPath {
            var slash: [PartialValue.Part] = [.literal("/")]
            if case .literal(let first)? = role.parts.first, first.hasPrefix("/") { slash = [] }
            return (
                PartialValue(parts: merged(prefix + slash + role.parts)), .given
            )
        }
        if let name = role.knownText, let arn = inputs.knownRoles[name], let account = inputs.account.knownText,
            arn.hasPrefix("arn:\(inputs.partition):iam::\(account):role/"), arn.hasSuffix("/\(name)")
        {
            return (PartialValue(parts: [.literal(arn)]), .fromAuthorizationDetails)
        }
        return (
            PartialValue(parts: merged(prefix + [.unknown("RolePath")] + role.parts)), .unknown
        )
    }

    /// Adjacent literal parts joined, so the template's text and parts agree with a parsed one.
    private func merged(_ parts: [PartialValue.Part]) -> [PartialValue.Part] {
        var result: [PartialValue.Part] = []
        for part in parts {
            if case .literal(let text) = part, case .literal(let previous)? = result.last {
                result[result.count - 1] = .literal(previous + text)
            } else {
                result.append(part)
            }
        }
        return result
    }

    // MARK: - Context

    /// Keys absent from a call the principal makes directly.
    private var directCallAbsentKeys: [String] { ["aws:calledvia", "aws:calledviafirst", "aws:calledvialast"] }

    /// Request-tag keys: absent from every call that carries no tags.
    private var tagKeysAbsent: [String] { ["aws:requesttag/*", "aws:tagkeys"] }

    private func context(for action: String, inputs: OperationInputs, viaService: Bool) -> [String: ContextValue] {
        var context = inputs.context
        let service = action.split(separator: ":").first.map { String($0).lowercased() } ?? ""
        // `reference_policies_condition-keys.md#condition-keys-requestedregion`: IAM calls go to us-east-1.
        if context["aws:RequestedRegion"] == nil {
            if service == "iam" {
                context["aws:RequestedRegion"] = ContextValue("us-east-1")
            } else if let region = inputs.region.knownText {
                context["aws:RequestedRegion"] = ContextValue(region)
            }
        }
        // Handler calls go out as forward access sessions (CloudFormation's FAS page: `aws:ViaAWSService` is true
        // for them; Cloud Control inherits CloudFormation's security architecture).
        context["aws:ViaAWSService"] = ContextValue(viaService ? "true" : "false")
        return context
    }
}
