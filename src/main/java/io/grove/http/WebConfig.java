package io.grove.http;

import io.grove.admission.AdmissionController;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts every prediction route, native and inference-protocol, under request admission. */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

    private static final String[] PREDICTION_ROUTES = {
            "/predict", "/predict-batch",
            "/models/*/predict", "/models/*/predict-batch",
            "/models/*/versions/*/predict", "/models/*/versions/*/predict-batch",
            "/v2/models/*/infer", "/v2/models/*/versions/*/infer"};

    private final AdmissionController admission;

    WebConfig(AdmissionController admission) {
        this.admission = admission;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new RequestAdmissionInterceptor(admission)).addPathPatterns(PREDICTION_ROUTES);
    }
}
