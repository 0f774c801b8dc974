import Catalog

extension CatalogListing {
    /// `catalog list`'s report of `catalog`, resource by resource.
    public init(catalog: Catalog) {
        self.init(
            resources: catalog.resources.map { resource in
                let prefix = "\(resource.provider).\(resource.service)."
                var methodTables: [String] = []
                for method in resource.methods where !methodTables.contains(prefix + method.table) {
                    methodTables.append(prefix + method.table)
                }
                return Resource(
                    id: resource.id, cloudFormationType: resource.cloudFormationType, identifier: resource.identifier,
                    methods: resource.methods.map(\.name),
                    tables: [resource.name] + (resource.listView.map { [$0] } ?? []),
                    methodTables: methodTables, page: resource.source.page)
            })
    }
}
