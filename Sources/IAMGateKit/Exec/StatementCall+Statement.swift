import Catalog
import JSON
import StackQL

extension StatementCall {
    /// The call `classified` makes. Throws when a value is unknown or cannot be sent as its column needs.
    public static func make(_ classified: ClassifiedStatement) throws(StatementCallProblem) -> StatementCall {
        let statement = classified.statement
        let resource = classified.resource
        guard let operation = Operation(rawValue: classified.method.cloudControl.operation) else {
            throw .invalid(
                message: "\(classified.method.name) has no Cloud Control operation iamgate can run "
                    + "('\(classified.method.cloudControl.operation)')",
                location: statement.location)
        }
        if let token = classified.parameter("ClientToken") {
            throw .invalid(
                message: "exec derives each ClientToken from the checked inputs and the statement; remove "
                    + "ClientToken from the statement",
                location: token.location)
        }
        var call = StatementCall(
            operation: operation, region: try known(classified, "region", location: statement.location),
            typeName: resource.cloudFormationType)
        call.roleArn = try optionalKnown(classified, "RoleArn")
        if let version = classified.parameter("TypeVersionId") {
            // Cloud Control API Reference, CreateResource: "For private resource types, the type version to use in
            // this resource operation" — an AWS-owned type such as AWS::ImageBuilder::Image has none to choose.
            throw .invalid(
                message: "TypeVersionId chooses a version of a private resource type; \(resource.cloudFormationType) "
                    + "is AWS's own type, so exec does not send it: remove it from the statement",
                location: version.location)
        }
        switch operation {
        case .createResource:
            call.desiredState = try desiredState(classified)
        case .updateResource:
            call.identifier = try known(classified, "Identifier", location: statement.location)
            guard let patch = classified.parameter("PatchDocument") else {
                throw .invalid(message: "the UPDATE sets no PatchDocument", location: statement.location)
            }
            guard let text = patch.value.knownText else {
                throw .unknownValue(column: "PatchDocument", names: patch.value.unknownNames, location: patch.location)
            }
            do {
                call.patchDocument = try PatchDocument.validated(text)
            } catch {
                throw .invalid(message: error.message, location: patch.location)
            }
        case .deleteResource, .getResource:
            call.identifier = try known(classified, "Identifier", location: statement.location)
        case .listResources:
            break
        }
        if operation == .getResource || operation == .listResources {
            call.columns = statement.selectColumns.filter { $0 != "*" }
            if statement.selectColumns.contains("*") { call.columns = [] }
        }
        return call
    }

    private static func known(
        _ classified: ClassifiedStatement, _ name: String, location: SourceLocation
    ) throws(StatementCallProblem) -> String {
        guard let value = classified.parameter(name) else {
            throw .invalid(message: "the statement gives no \(name)", location: location)
        }
        guard let text = value.value.knownText else {
            throw .unknownValue(column: name, names: value.value.unknownNames, location: value.location)
        }
        return text
    }

    private static func optionalKnown(
        _ classified: ClassifiedStatement, _ name: String
    ) throws(StatementCallProblem) -> String? {
        guard let value = classified.parameter(name) else { return nil }
        guard let text = value.value.knownText else {
            throw .unknownValue(column: name, names: value.value.unknownNames, location: value.location)
        }
        return text
    }

    /// The INSERT's property columns as one JSON object, in column order, each value typed by the resource's field
    /// table: `object` and `array` columns carry JSON text (StackQL passes complex values as JSON string literals),
    /// `boolean` takes `true`/`false`, `integer` and `number` a number, anything else is a string.
    static func desiredState(_ classified: ClassifiedStatement) throws(StatementCallProblem) -> String {
        let statement = classified.statement
        let resource = classified.resource
        let parameters = Set((["region"] + StatementClassifier.optionalParams).map { $0.lowercased() })
        var members: [(String, JSONOutput)] = []
        for (column, value) in zip(statement.insertColumns, statement.insertValues)
        where !parameters.contains(column.lowercased()) {
            let property = resource.properties.first { $0.lowercased() == column.lowercased() } ?? column
            guard let text = value.value.knownText else {
                throw .unknownValue(column: property, names: value.value.unknownNames, location: value.location)
            }
            let type = resource.fields.first { $0.property.lowercased() == property.lowercased() }?.type ?? "string"
            members.append((property, try typed(text, type: type, property: property, location: value.location)))
        }
        return JSONOutput.object(members).rendered(pretty: false)
    }

    static func typed(
        _ text: String, type: String, property: String, location: SourceLocation
    ) throws(StatementCallProblem) -> JSONOutput {
        switch type {
        case "object", "array":
            let node: JSONNode
            do {
                node = try JSONParser.parse(Array(text.utf8))
            } catch {
                throw .invalid(
                    message: "\(property) must be a JSON \(type), but its value is not JSON (\(error.description))",
                    location: location)
            }
            let matches = type == "object" ? node.objectValue != nil : node.arrayValue != nil
            guard matches else {
                throw .invalid(
                    message: "\(property) must be a JSON \(type), not \(node.typeDescription)", location: location)
            }
            return JSONOutput(node)
        case "boolean":
            switch text.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default:
                throw .invalid(message: "\(property) must be true or false, not '\(text)'", location: location)
            }
        case "integer", "number":
            let node = try? JSONParser.parse(Array(text.utf8))
            guard let node, case .number(let literal) = node.kind,
                type == "number" || !literal.contains(where: { ".eE".contains($0) })
            else {
                throw .invalid(
                    message: "\(property) must be \(type == "integer" ? "an integer" : "a number"), not '\(text)'",
                    location: location)
            }
            return .number(literal)
        default:
            return .string(text)
        }
    }
}
