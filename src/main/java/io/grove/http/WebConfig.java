package io.grove.http;

import io.grove.admission.AdmissionController;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts every prediction route ({@link Routes#PREDICTION}), native and inference-protocol, under request admission. */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

    private final AdmissionController admission;

    WebConfig(AdmissionController admission) {
        this.admission = admission;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new RequestAdmissionInterceptor(admission)).addPathPatterns(Routes.PREDICTION);
    }
}
