// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Prakat",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "prakat", targets: ["prakat"]),
        .library(name: "PrakatCore", targets: ["PrakatCore"]),
        .library(name: "PrakatApp", targets: ["PrakatApp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/leaf-kit.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        // Vapor's own HTTP client, named for the link checker (streamed answers, no redirects followed by it).
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // Tests only: HTML snapshots of the pages rendered from their mock models.
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", from: "1.19.7"),
        // Runs chromium and qrencode: timeout, output cap and process-group teardown.
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.5.0"),
        // Backups: gzip (deflate) streamed in chunks, and any gzip's members read back.
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        // GET /metrics: counters and histograms in the Prometheus text format.
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Pure domain rules: Thai dates and digits, fiscal years, baht text, hash chains.
        // No Vapor here, so it is fast to test and reusable from scripts.
        .target(
            name: "PrakatCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "PrakatApp",
            dependencies: [
                "PrakatCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                // The SMTP client (Notifications): channels, sockets and the TLS handshake event.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                // HTTPParserError: a request body cut short is the client's fault (ErrorPages).
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "prakat",
            dependencies: [
                "PrakatApp",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "PrakatCoreTests",
            dependencies: ["PrakatCore"]
        ),
        .testTarget(
            name: "PrakatAppTests",
            dependencies: [
                "PrakatApp",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // The tests clone their PostgreSQL databases through a connection of their own.
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
            ],
            // Read by the snapshot tests from the source tree, not bundled.
            exclude: ["Pages/__Snapshots__", "Notifications/smtp_sink.py"]
        ),
    ]
)
