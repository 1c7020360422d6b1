import java.io.IOException;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local as the embedded runtime runs it: the official emulator, built from the same command
 * line its own main() takes, with two differences its command line cannot express.
 *
 * 1. It listens on 127.0.0.1 only. DynamoDB Local has no host option and Jetty's Server(port) binds
 *    every interface; the proxy keeps its Jetty server in a private field, whose connectors accept a
 *    host until they are started.
 * 2. It ends with its parent. The runtime holds our stdin open and never writes to it; when the
 *    runtime exits in any way (kill -9 included) the kernel closes the pipe and we read end-of-file.
 *
 * Telemetry is never configured (only ServerRunner.main() does that), so nothing leaves the machine.
 */
public final class LoopbackDynamoDbLocal {
  private static final String HOST = "127.0.0.1";

  private LoopbackDynamoDbLocal() {}

  public static void main(String[] args) throws Exception {
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
