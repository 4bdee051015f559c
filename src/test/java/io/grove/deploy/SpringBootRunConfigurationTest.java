package io.grove.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code ./mvnw spring-boot:run}, the README's run command, must start Grove as {@code java -jar}
 * does. The Spring Boot Maven plugin's default "optimized launch" adds
 * {@code -XX:TieredStopAtLevel=1}, which holds the JIT at C1: anyone who load-tests Grove started
 * that way measures a crippled server (issue 18). Its one JVM argument is the native access that
 * the jar's manifest grants {@code java -jar} (ONNX Runtime loads a native library). Read from the real pom.xml.
 */
class SpringBootRunConfigurationTest {

    @Test
    void springBootRunKeepsTheFullJitAndAddsOnlyWhatTheJarsManifestGrants() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Command.ROOT.resolve(Path.of("pom.xml")).toFile());
        Element plugin = springBootPlugin(pom);

        assertThat(text(plugin, "optimizedLaunch")).as("spring-boot-maven-plugin <optimizedLaunch>").isEqualTo("false");
        assertThat(text(plugin, "jvmArguments"))
                .as("spring-boot:run's JVM arguments: only the native access (ONNX Runtime) `java -jar` has from the manifest")
                .isEqualTo("--enable-native-access=ALL-UNNAMED");
        assertThat(pom.getElementsByTagName("Enable-Native-Access").item(0).getTextContent())
                .as("the executable jar's manifest entry").isEqualTo("ALL-UNNAMED");
        assertThat(pom.getElementsByTagName("spring-boot.run.jvmArguments").getLength())
                .as("a spring-boot.run.jvmArguments property").isZero();
        assertThat(pom.getElementsByTagName("spring-boot.run.optimizedLaunch").getLength())
                .as("a spring-boot.run.optimizedLaunch property overriding the configuration").isZero();
    }

    private static Element springBootPlugin(Document pom) {
        NodeList plugins = pom.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if ("spring-boot-maven-plugin".equals(text(plugin, "artifactId"))) {
                return plugin;
            }
        }
        throw new AssertionError("pom.xml has no spring-boot-maven-plugin");
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }
}
