import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Runs Amazon DynamoDB Local listening on 127.0.0.1 only. Its own launcher (ServerRunner.main) has no host option
 * and leaves Jetty's connector on every interface (`new Server(port)`); this one builds the same server from the
 * same command-line options (-port, -inMemory, -dbPath, -sharedDb, ...), binds the connector to loopback, then
 * starts it. Telemetry is never set up, so nothing is sent anywhere. Run with Java's source-file mode (JEP 330):
 * java -cp DynamoDBLocal.jar DynamoDbLocalOnLoopback.java -port 8000 -inMemory
 */
public class DynamoDbLocalOnLoopback {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    // DynamoDBProxyServer keeps its Jetty server in a private field; its connectors are not started yet.
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server jetty = (Server) field.get(proxy);
    for (Connector connector : jetty.getConnectors()) {
      ((ServerConnector) connector).setHost("127.0.0.1");
    }
    proxy.start();
    if (!jetty.isStarted()) {
      System.exit(1);
    }
    System.out.println("DynamoDB Local listening on 127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort());
    // The hub runs this process in a group of its own, so a terminal's Ctrl-C does not stop it before the functions
    // that still use it; its standard input is a pipe from the hub, which closes when the hub ends however it ends.
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // nothing is ever sent; only the end of the stream matters
        }
      } catch (java.io.IOException ignored) {
        // a broken pipe is the hub gone too
      }
      System.exit(0);
    });
    watchdog.setDaemon(true);
    watchdog.start();
    jetty.join();
  }
}
