import DeploymentFacts

/// The values a stackql-deploy run gives its templates, resolved as stackql-deploy resolves them: external values
/// (`-e`), `stack_name` and `stack_env`, then the globals in order (each may use the ones before it); for each
/// resource, `resource_name`, the exports of the resources processed before it (unknown until they run), then its
/// props in order (each may use the ones before it, and merge others). What is not known stays a named unknown.
public struct DeploymentContext: Sendable {
    public let project: ManifestProject
    public let inputs: DeploymentInputs
    /// The stack-wide values before any resource: external values, `stack_name`, `stack_env`, globals.
    public private(set) var stackValues: [String: DeployValue] = [:]
    /// Why a name the stack declares has no value before the run.
    var pendingReasons: [String: UnknownValueCause] = [:]
    /// Every unknown met so far: name → why.
    public private(set) var unknowns: [String: UnknownValueCause] = [:]

    /// Resolves the globals; an unknown filter or an empty global is an error at the global's line.
    public init(project: ManifestProject, inputs: DeploymentInputs) throws(ManifestError) {
        self.project = project
        self.inputs = inputs
        stackValues = try resolveStack(resourceName: nil)
    }

    /// The values one resource sees (its props included, in `props`), with the exports of `exportedBefore` (resource
    /// name → its export names) unknown.
    public mutating func values(
        for resource: ManifestResource, exportedBefore: [(resource: String, names: [String])]
    ) throws(ManifestError) -> ResourceValues {
        var values = try resolveStack(resourceName: resource.name)
        var reasons = pendingReasons
        values["resource_name"] = .string(resource.name)
        reasons["idempotency_token"] = .idempotencyToken
        for (exporter, names) in exportedBefore {
            reasons["\(exporter).idempotency_token"] = reasons["idempotency_token"]
            for name in names {
                let reason = UnknownValueCause.exportedBy(resource: exporter)
                values[name] = nil
                values["\(exporter).\(name)"] = nil
                reasons[name] = reason
                reasons["\(exporter).\(name)"] = reason
            }
        }
        var evaluator = TemplateEvaluator(values: values, pendingReasons: reasons, resourceName: resource.name)
        var props: [DeployMember] = []
        let manifestPath = project.manifestPath
        let resourceIndex = project.resources.firstIndex { $0.name == resource.name } ?? 0
        for (index, property) in resource.props.enumerated() {
            let place = "resources[\(resourceIndex)].props[\(index)] '\(property.name)'"
            func failure(_ message: String) -> ManifestError {
                ManifestError(
                    kind: "manifest", file: manifestPath, line: property.line, message: "\(place): \(message)")
            }
            var written = property.value
            if written == nil, !property.values.isEmpty, let environment = inputs.environment {
                guard let chosen = property.values.first(where: { $0.environment == environment })?.value else {
                    let listed = property.values.map(\.environment).joined(separator: ", ")
                    throw failure("no value for environment '\(environment)' (it has values for \(listed))")
                }
                written = chosen
            }
            var value: DeployValue?
            if let written {
                do {
                    value = try evaluator.resolve(written)
                } catch let error {
                    throw failure(error.message)
                }
            } else if !property.values.isEmpty {
                value = .unknown(property.name)
                recordUnknown(property.name, .dependsOnEnvironment)
            }
            if !property.merge.isEmpty {
                value = try merge(
                    value, property.merge, values: evaluator.values, reasons: reasons, name: property.name
                ) {
                    failure($0)
                }
            }
            let resolved = value ?? .null
            evaluator.values[property.name] = resolved
            props.append(DeployMember(key: property.name, value: resolved))
        }
        for (name, reason) in evaluator.unknowns { recordUnknown(name, reason) }
        return ResourceValues(
            resource: resource.name, values: evaluator.values, pendingReasons: reasons, props: props)
    }

    /// Records an unknown and why (the first reason given for a name stays).
    mutating func recordUnknown(_ name: String, _ reason: UnknownValueCause) {
        if unknowns[name] == nil { unknowns[name] = reason }
    }

    // MARK: - Stack values

    private mutating func resolveStack(resourceName: String?) throws(ManifestError) -> [String: DeployValue] {
        var values: [String: DeployValue] = [:]
        for (name, value) in inputs.externals { values[name] = .string(value) }
        values["stack_name"] = .string(project.name)
        if let environment = inputs.environment {
            values["stack_env"] = .string(environment)
        } else {
            values["stack_env"] = nil
            pendingReasons["stack_env"] = .environment
        }
        if let resourceName { values["resource_name"] = .string(resourceName) }
        var evaluator = TemplateEvaluator(values: values, pendingReasons: pendingReasons, resourceName: resourceName)
        if resourceName == nil {
            evaluator.pendingReasons["resource_name"] = .resourceName
        }
        for (index, global) in project.globals.enumerated() {
            let value: DeployValue
            do {
                value = try evaluator.resolve(global.value)
            } catch let error {
                throw ManifestError(
                    kind: "manifest", file: project.manifestPath, line: global.line,
                    message: "globals[\(index)] '\(global.name)': \(error.message)")
            }
            if value.knownText == "" {
                throw ManifestError(
                    kind: "manifest", file: project.manifestPath, line: global.line,
                    message: "globals[\(index)] '\(global.name)' is empty; stackql-deploy requires a value")
            }
            evaluator.values[global.name] = value
        }
        for (name, reason) in evaluator.unknowns { recordUnknown(name, reason) }
        return evaluator.values
    }

    // MARK: - merge

    /// `merge:` — lists joined (each item once), mappings merged (later keys win), as stackql-deploy merges them.
    private mutating func merge(
        _ base: DeployValue?, _ items: [String], values: [String: DeployValue], reasons: [String: UnknownValueCause],
        name: String, failure: (String) -> ManifestError
    ) throws(ManifestError) -> DeployValue {
        var merged = base
        for item in items {
            guard let value = values[item] else {
                if reasons[item] != nil {
                    recordUnknown(name, .mergedWithUnknownItem(item))
                    return .unknown(name)
                }
                throw failure("merge item '\(item)' is neither a global nor an earlier prop")
            }
            switch (merged, value) {
            case (nil, _), (.null?, _):
                merged = value
            case (.list(let left)?, .list(let right)):
                merged = .list(left + right.filter { !left.contains($0) })
            case (.object(var left)?, .object(let right)):
                for member in right {
                    if let index = left.firstIndex(where: { $0.key == member.key }) {
                        left[index] = member
                    } else {
                        left.append(member)
                    }
                }
                merged = .object(left)
            case (.unknown?, _), (_, .unknown):
                recordUnknown(name, .mergedWithUnknownValues)
                return .unknown(name)
            default:
                throw failure("cannot merge '\(item)' into it: both must be lists or both mappings")
            }
        }
        return merged ?? .null
    }
}

/// What one resource's templates see: every name's value, why the others have none, and its props in order.
public struct ResourceValues: Sendable {
    public var resource: String
    public var values: [String: DeployValue]
    var pendingReasons: [String: UnknownValueCause]
    /// The resource's props, resolved, in the order written.
    public var props: [DeployMember]

    /// An evaluator over these values.
    func evaluator() -> TemplateEvaluator {
        TemplateEvaluator(values: values, pendingReasons: pendingReasons, resourceName: resource)
    }
}
