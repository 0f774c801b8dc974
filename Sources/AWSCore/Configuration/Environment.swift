import Foundation

/// The process environment as the configuration and credential code sees it: environment variables and a file
/// reader. Injected so tests resolve credentials from a fake environment and temporary files, never the real home.
public struct Environment: Sendable {
    /// The environment variables, for example `AWS_PROFILE`.
    public var variables: [String: String]
    /// Reads the file at a path; `nil` when it does not exist or cannot be read.
    public var readFile: @Sendable (String) -> [UInt8]?

    public init(
        variables: [String: String], readFile: @escaping @Sendable (String) -> [UInt8]? = Environment.readLocalFile
    ) {
        self.variables = variables
        self.readFile = readFile
    }

    /// The real environment of this process and the local file system.
    public static var process: Environment {
        Environment(variables: ProcessInfo.processInfo.environment)
    }

    /// Reads a local file with `FileManager`; `nil` when it is missing or unreadable.
    @Sendable public static func readLocalFile(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { Array($0) }
    }

    /// The value of variable `name`, or `nil` when it is unset or empty (AWS tools treat both alike).
    public subscript(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// The home directory from `HOME`.
    public var home: String? { self["HOME"] }

    /// `path` with a leading `~/` replaced by the home directory.
    public func expandingHome(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home else { return path }
        let trimmedHome = home.hasSuffix("/") ? String(home.dropLast()) : home
        return trimmedHome + path.dropFirst()
    }

    /// `path` as shown in messages: the home directory written as `~`.
    public func displayPath(_ path: String) -> String {
        guard let home, !home.isEmpty, home != "/" else { return path }
        let trimmedHome = home.hasSuffix("/") ? String(home.dropLast()) : home
        if path.hasPrefix(trimmedHome + "/") {
            return "~" + path.dropFirst(trimmedHome.count)
        }
        return path
    }

    /// Whether variable `name` is `true`, ignoring case.
    func isTrue(_ name: String) -> Bool {
        self[name]?.lowercased() == "true"
    }
}
