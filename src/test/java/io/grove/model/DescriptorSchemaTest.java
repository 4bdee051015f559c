package io.grove.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/** Every shipped descriptor fits the JSON Schema that docs/descriptor.schema.json publishes, and the schema bites. */
class DescriptorSchemaTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(read(Path.of("docs/descriptor.schema.json")));

    static Stream<Path> shippedDescriptors() throws IOException {
        List<Path> found;
        try (Stream<Path> files = Files.walk(Path.of("models"), 3)) {
            found = files.filter(p -> p.getFileName().toString().equals("descriptor.json")).sorted().toList();
        }
        assertThat(found).isNotEmpty();
        return found.stream();
    }

    @ParameterizedTest
    @MethodSource("shippedDescriptors")
    void shippedDescriptorFitsTheSchema(Path descriptor) {
        assertThat(SCHEMA.validate(JSON.readTree(read(descriptor)))).as(descriptor.toString()).isEmpty();
    }

    @Test
    void schemaRefusesWhatTheLoaderRefuses() {
        assertThat(SCHEMA.validate(JSON.readTree("{\"features\":[{\"minimum\":0}]}"))).as("a feature without a name").isNotEmpty();
        assertThat(SCHEMA.validate(JSON.readTree("{\"classes\":[\"a\",\"a\"]}"))).as("a repeated class").isNotEmpty();
        assertThat(SCHEMA.validate(JSON.readTree("{\"featurs\":[]}"))).as("a misspelled field").isNotEmpty();
        assertThat(SCHEMA.validate(JSON.readTree("{\"reference\":{\"file\":\"../x.csv\",\"tolerance\":0.1}}")))
                .as("a reference outside the version").isNotEmpty();
        assertThat(SCHEMA.validate(JSON.readTree("{}"))).as("every field is optional").isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
