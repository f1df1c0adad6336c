// The official images the docker path compares against; docker-compose.yml must name the same ones.
export const GCLOUD_EMULATORS_IMAGE = 'gcr.io/google.com/cloudsdktool/google-cloud-cli:emulators';
export const FAKE_GCS_IMAGE = 'fsouza/fake-gcs-server:1.52.3';
