import Catalog
import ServiceReference

extension ActionsReport {
    /// The report for `resourceName` (a resource id or a qualified table; default `awscc.imagebuilder.images`),
    /// limited to `operation` when given. A table narrows the report to the methods that use it. An unknown
    /// resource or operation is an ``InputError`` listing the valid choices.
    public static func describe(
        catalog: Catalog, resource resourceName: String?, operation: String?, reference: ServiceReference = .shared
    ) throws(InputError) -> ActionsReport {
        let name = resourceName ?? "awscc.imagebuilder.images"
        let resource: ResourceDefinition
        var methods: [ResourceMethod]
        if let found = catalog.resource(id: name) {
            resource = found
            methods = found.methods
        } else if let table = catalog.resource(table: name) {
            resource = table.resource
            methods = table.methods
        } else {
            throw InputError(
                "unknown resource '\(name)' (choose one of \(catalog.resources.map(\.id).joined(separator: ", ")))")
        }
        if let operation {
            guard let method = methods.first(where: { $0.name == operation }) else {
                throw InputError(
                    "unknown operation '\(operation)' for \(resource.id) (choose one of "
                        + "\(methods.map(\.name).joined(separator: ", ")))")
            }
            methods = [method]
        }
        let operations = methods.map { method in
            Operation(
                method: method, table: "\(resource.provider).\(resource.service).\(method.table)",
                permissions: method.permissions.map { permission(named: $0, reference: reference) })
        }
        return ActionsReport(resource: resource, operations: operations)
    }

    static func permission(named action: String, reference: ServiceReference) -> Permission {
        guard let info = reference.action(action) else {
            return Permission(action: action, known: false, wildcardOnly: false, resourceTypes: [])
        }
        let types = info.resourceTypes.map { type in
            ResourceType(
                name: type.name, arnTemplate: reference.resourceType(type.name, in: info.service)?.arnTemplate,
                required: type.required)
        }
        return Permission(action: action, known: true, wildcardOnly: info.isWildcardOnly, resourceTypes: types)
    }
}
