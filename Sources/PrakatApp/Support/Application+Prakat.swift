import Vapor

/// What varies between production and tests, carried on the application. The services built
/// from it are `AppDependencies`.
extension Application {
    private struct ConfigurationKey: StorageKey { typealias Value = PrakatConfiguration }

    public var prakat: PrakatConfiguration {
        get {
            guard let value = storage[ConfigurationKey.self] else { fatalError("configure(_:) sets the Prakat configuration before use") }
            return value
        }
        set { storage[ConfigurationKey.self] = newValue }
    }
}
