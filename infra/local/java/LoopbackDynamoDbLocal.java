import com.almworks.sqlite4java.SQLiteConnection;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.shared.access.sqlite.SQLiteLibraryLoader;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local as the embedded runtime runs it: the official emulator, built from the same command
 * line its own main() takes, with three differences its command line cannot express.
 *
 * 1. It listens on 127.0.0.1 only. DynamoDB Local has no host option and Jetty's Server(port) binds
 *    every interface; the proxy keeps its Jetty server in a private field, whose connectors accept a
 *    host until they are started.
 * 2. It ends with its parent. The runtime holds our stdin open and never writes to it; when the
 *    runtime exits in any way (kill -9 included) the kernel closes the pipe and we read end-of-file.
 * 3. Its SQLite file (one, with -sharedDb) keeps a write-ahead log (journal_mode=WAL, a setting the file
 *    keeps): a commit syncs the disk once instead of three times (journal, database, journal removal).
 *    It is as durable: DynamoDB Local leaves synchronous at FULL, so every commit is on disk before
 *    the request is answered, and SQLite replays the log after a crash. On a disk that syncs slowly
 *    the syncs were most of what a write cost (bench:load).
 *
 * Telemetry is never configured (only ServerRunner.main() does that), so nothing leaves the machine.
 */
public final class LoopbackDynamoDbLocal {
  private static final String HOST = "127.0.0.1";

  private LoopbackDynamoDbLocal() {}

  public static void main(String[] args) throws Exception {
    keepWriteAheadLog(args);
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server jetty = (Server) field.get(proxy);
    Connector[] connectors = jetty.getConnectors();
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind");
    for (Connector connector : connectors) {
      if (!(connector instanceof ServerConnector)) {
        throw new IllegalStateException("cannot bind " + connector.getClass().getName() + " to " + HOST);
      }
      ((ServerConnector) connector).setHost(HOST);
    }

    Thread watchdog = new Thread(LoopbackDynamoDbLocal::exitWhenParentGoes, "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();

    // safeStart, unlike start, fails loudly when the port is taken instead of printing and carrying on.
    proxy.safeStart();
    System.out.println("DynamoDB Local listening on " + HOST + ":" + ((ServerConnector) connectors[0]).getLocalPort());
    proxy.join();
  }

  /** DynamoDB Local's file name for -sharedDb under -dbPath; nothing to do in memory. */
  private static void keepWriteAheadLog(String[] args) throws Exception {
    String dir = null;
    for (int i = 0; i + 1 < args.length; i++) if (args[i].equals("-dbPath")) dir = args[i + 1];
    if (dir == null) return;
    // DynamoDB Local's own copy of the native SQLite library, not sqlite4java's default: two copies crash.
    SQLiteLibraryLoader.initialize();
    SQLiteConnection db = new SQLiteConnection(new File(dir, "shared-local-instance.db"));
    try {
      db.open(true);
      db.exec("PRAGMA journal_mode=WAL");
    } finally {
      db.dispose();
    }
  }

  private static void exitWhenParentGoes() {
    try {
      while (System.in.read() != -1) {
        // The parent never writes; anything read is ignored.
      }
    } catch (IOException e) {
      // A broken pipe means the same as end-of-file.
    }
    System.exit(0);
  }
}
