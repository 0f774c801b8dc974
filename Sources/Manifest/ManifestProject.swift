import Foundation

/// A stackql-deploy project: its manifest (`stackql_manifest.yml`) as written, and where it is. The query files are
/// read by `QueryFile.load`, the values resolved by `DeploymentContext`, the statements planned by `DeploymentPlan`.
public struct ManifestProject: Sendable, Hashable {
    /// The manifest's file name in a project directory.
    public static let manifestFileName = "stackql_manifest.yml"

    /// The project directory as given.
    public var directory: String
    public var version: Int?
    /// The stack's name, also the built-in variable `stack_name`.
    public var name: String
    public var description: String?
    public var providers: [String]
    public var globals: [ManifestGlobal]
    public var resources: [ManifestResource]
    /// Variables the stack reports after a build.
    public var exports: [String]

    public init(
        directory: String, version: Int? = nil, name: String, description: String? = nil, providers: [String] = [],
        globals: [ManifestGlobal] = [], resources: [ManifestResource] = [], exports: [String] = []
    ) {
        self.directory = directory
        self.version = version
        self.name = name
        self.description = description
        self.providers = providers
        self.globals = globals
        self.resources = resources
        self.exports = exports
    }

    /// The manifest's path as it can be opened.
    public var manifestPath: String { path(Self.manifestFileName) }

    /// A path inside the project as it can be opened: the directory joined with `relative` (just `relative` when the
    /// directory is `.`), so messages and reports cite `resources/image.iql` when iamgate runs in the project.
    public func path(_ relative: String) -> String {
        let trimmed = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        if trimmed == "." || trimmed.isEmpty { return relative }
        return trimmed + "/" + relative
    }

    /// Reads and checks `DIRECTORY/stackql_manifest.yml`. Throws one sentence for a missing directory or manifest,
    /// malformed YAML (with its line), an unknown key (with a suggestion) or a missing or mistyped field.
    public static func load(directory: String) throws(ManifestError) -> ManifestProject {
        try loadWithText(directory: directory).project
    }

    /// `load`, with the manifest's text as it was read.
    static func loadWithText(directory: String) throws(ManifestError) -> (project: ManifestProject, text: String) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw ManifestError(
                kind: "project", file: directory, line: nil,
                message: "no such directory (give the stackql-deploy project directory, which holds "
                    + "\(manifestFileName))")
        }
        let probe = ManifestProject(directory: directory, name: "")
        let text = try readText(probe.manifestPath, kind: "manifest")
        return (try parse(yaml: text, directory: directory), text)
    }

    /// Reads a manifest's text (for tests and callers that have it already); errors name `DIRECTORY/stackql_manifest.yml`.
    public static func parse(yaml: String, directory: String) throws(ManifestError) -> ManifestProject {
        let probe = ManifestProject(directory: directory, name: "")
        return try ManifestReader(file: probe.manifestPath).project(yaml: yaml, directory: directory)
    }

    /// A project file's text, or one sentence: missing, unreadable, or not UTF-8.
    static func readText(_ path: String, kind: String) throws(ManifestError) -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ManifestError(kind: kind, file: path, line: nil, message: "no such file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ManifestError(kind: kind, file: path, line: nil, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ManifestError(kind: kind, file: path, line: nil, message: "the file is not valid UTF-8")
        }
        return text
    }
}
