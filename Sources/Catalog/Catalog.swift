import BundledData
import Foundation

/// The StackQL resources iamgate knows: `policies/catalog/<id>.json` (one ``ResourceDefinition`` per file, written by
/// `iamgate catalog import` from the provider's documentation pages), compiled into the binary; a directory of such
/// files can stand in for them.
public struct Catalog: Sendable {
    /// The resources, sorted by id.
    public var resources: [ResourceDefinition]

    public init(resources: [ResourceDefinition]) {
        self.resources = resources.sorted { $0.id < $1.id }
    }

    /// The environment variable naming a catalog directory to use instead of the bundled catalog.
    public static let directoryEnvironmentVariable = "IAMGATE_CATALOG_DIR"

    /// Reads every `*.json` file of `directory` (other files are ignored). Each file must hold one definition whose
    /// id is the file's name; an empty directory is an error.
    public static func load(directory: URL) throws(CatalogLoadError) -> Catalog {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw CatalogLoadError("cannot read the catalog directory '\(directory.path)': it is missing or unreadable")
        }
        var files: [(name: String, path: String, bytes: [UInt8])] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            let url = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw CatalogLoadError("cannot read catalog file '\(url.path)'")
            }
            files.append((name, url.path, Array(data)))
        }
        return try decode(files, origin: "the catalog directory '\(directory.path)'")
    }

    /// The catalog compiled into iamgate (the files of `policies/catalog` when it was built), decoded once per process:
    /// the bundled files never change while it runs.
    public static func bundled() throws(CatalogLoadError) -> Catalog {
        try bundledCatalog.get()
    }

    private static let bundledCatalog = Result { () throws(CatalogLoadError) -> Catalog in
        let files = BundledData.names(in: "catalog").compactMap {
            name -> (name: String, path: String, bytes: [UInt8])? in
            BundledData.file("catalog/" + name).map { (name, "catalog/" + name + " (built into iamgate)", Array($0)) }
        }
        return try decode(files, origin: "the catalog built into iamgate")
    }

    /// The catalog a command uses when none is named: the directory in `$IAMGATE_CATALOG_DIR` when that is set,
    /// else the bundled catalog. The working directory never matters.
    public static func standard(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CatalogLoadError) -> Catalog {
        if let directory = overrideDirectory(environment: environment) { return try load(directory: directory) }
        return try bundled()
    }

    /// The directory named by `$IAMGATE_CATALOG_DIR`, or nil when it is unset or empty.
    public static func overrideDirectory(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL? {
        guard let override = environment[directoryEnvironmentVariable], !override.isEmpty else { return nil }
        return URL(fileURLWithPath: override, isDirectory: true)
    }

    /// Decodes catalog files (sorted by name); each must hold one definition whose id is the file's name.
    private static func decode(
        _ files: [(name: String, path: String, bytes: [UInt8])], origin: String
    ) throws(CatalogLoadError) -> Catalog {
        var resources: [ResourceDefinition] = []
        var seen: [String: String] = [:]
        for file in files {
            let definition = try CatalogJSON.decode(file.bytes, file: file.path)
            guard file.name == definition.id + ".json" else {
                throw CatalogLoadError(
                    "catalog file '\(file.path)' holds '\(definition.id)'; the file must be named '\(definition.id).json'"
                )
            }
            if let other = seen[definition.id.lowercased()] {
                throw CatalogLoadError("catalog file '\(file.path)' repeats the resource of '\(other)'")
            }
            seen[definition.id.lowercased()] = file.path
            resources.append(definition)
        }
        guard !resources.isEmpty else {
            throw CatalogLoadError("\(origin) holds no resource definitions (*.json)")
        }
        return Catalog(resources: resources)
    }

    /// The resource with this id (`awscc.imagebuilder.images`, case-insensitive).
    public func resource(id: String) -> ResourceDefinition? {
        let wanted = id.lowercased()
        return resources.first { $0.id.lowercased() == wanted }
    }

    /// The resource a qualified table name reaches (`awscc.imagebuilder.images` or the list view
    /// `awscc.imagebuilder.images_list_only`, case-insensitive), with the methods that use that table.
    public func resource(table: String) -> CatalogTable? {
        let wanted = table.lowercased()
        for resource in resources {
            let prefix = "\(resource.provider).\(resource.service)."
            let methods = resource.methods.filter { (prefix + $0.table).lowercased() == wanted }
            guard let first = methods.first else { continue }
            return CatalogTable(
                resource: resource, name: prefix + first.table, isListView: first.table == resource.listView,
                methods: methods)
        }
        return nil
    }

    /// The catalog file bytes of a definition: pretty JSON (two spaces, sorted keys, unescaped slashes) and a
    /// trailing newline. The same definition always gives the same bytes.
    public static func encode(_ definition: ResourceDefinition) -> [UInt8] {
        CatalogJSON.encode(definition)
    }

    /// The file a definition is written to in `directory`: `<id>.json`.
    public static func fileURL(for definition: ResourceDefinition, in directory: URL) -> URL {
        directory.appendingPathComponent(definition.id + ".json")
    }

    /// Writes every resource to `directory/<id>.json` (creating the directory), each file replaced atomically.
    public func write(to directory: URL) throws(CatalogWriteError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw CatalogWriteError("cannot create the catalog directory '\(directory.path)'")
        }
        for resource in resources {
            let url = Self.fileURL(for: resource, in: directory)
            do {
                try Data(Self.encode(resource)).write(to: url, options: .atomic)
            } catch {
                throw CatalogWriteError("cannot write catalog file '\(url.path)'")
            }
        }
    }
}

/// A table a statement can name, and the resource and methods behind it.
public struct CatalogTable: Sendable, Hashable {
    public var resource: ResourceDefinition
    /// The qualified name as the catalog spells it, e.g. `awscc.imagebuilder.images_list_only`.
    public var name: String
    /// True for the identifiers-only list view (`…_list_only`).
    public var isListView: Bool
    /// The methods reached through this table, in the resource's order.
    public var methods: [ResourceMethod]
}

/// A catalog directory or file that cannot be read: one sentence naming the file and, for bad JSON, the line.
public struct CatalogLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// A catalog file that cannot be written: one sentence naming the file.
public struct CatalogWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
