//! Documents and their files (one per language). Listing never reads the bytes; only serving
//! one file does.

use super::Store;
use super::rows::{from_json, json, timestamp};
use crate::error::{Error, Result};
use app::documents::{DocumentFile, DocumentInfo};
use app::i18n::Lang;
use app::model::Localized;
use chrono::{DateTime, Utc};

/// A file as checked for storing: its type sniffed, its hash computed.
pub struct NewFile {
    pub lang: Lang,
    pub content_type: String,
    pub filename: String,
    pub sha256: String,
    pub bytes: Vec<u8>,
}

/// One language's file as served, with what decides who may read it.
/// A stored file's description: enough to check access, answer 304 and place a range, before
/// any of its bytes are read.
pub struct StoredFile {
    pub session_id: Option<String>,
    pub content_type: String,
    pub filename: String,
    pub sha256: String,
    pub size: u64,
}

type FileRow = (String, String, String, String, i64);
/// session_id, content_type, filename, sha256, content.
type ServedRow = (Option<String>, String, String, String, i64);

impl Store {
    /// Every document of the event with its files' metadata, oldest first.
    pub async fn document_index(&self, slug: &str) -> Result<Vec<DocumentInfo>> {
        let docs: Vec<(String, Option<String>, String)> = sqlx::query_as(
            "SELECT id, session_id, title FROM documents WHERE event_slug = $1
             ORDER BY created_at, id",
        )
        .bind(slug)
        .fetch_all(&self.pool)
        .await?;
        let files: Vec<FileRow> = sqlx::query_as(
            "SELECT f.document_id, f.lang, f.content_type, f.filename, f.size
             FROM document_files f JOIN documents d ON d.id = f.document_id
             WHERE d.event_slug = $1",
        )
        .bind(slug)
        .fetch_all(&self.pool)
        .await?;
        docs.into_iter()
            .map(|(id, session_id, title)| {
                let mut own: Vec<DocumentFile> = files
                    .iter()
                    .filter(|f| f.0 == id)
                    .filter_map(|(_, lang, content_type, filename, size)| {
                        Some(DocumentFile {
                            lang: Lang::parse(lang)?,
                            content_type: content_type.clone(),
                            filename: filename.clone(),
                            size: u64::try_from(*size).unwrap_or(0),
                        })
                    })
                    .collect();
                own.sort_by_key(|f| f.lang);
                Ok(DocumentInfo {
                    title: from_json::<Localized>("documents.title", &title)?,
                    id,
                    session_id,
                    files: own,
                })
            })
            .collect()
    }

    /// A document and its files in one transaction.
    pub async fn insert_document(
        &self,
        slug: &str,
        id: &str,
        session_id: Option<&str>,
        title: &Localized,
        files: &[NewFile],
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO documents (id, event_slug, session_id, title, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(id)
        .bind(slug)
        .bind(session_id)
        .bind(json(title))
        .bind(timestamp(now))
        .execute(&mut *tx)
        .await?;
        for file in files {
            put_file(&mut tx, id, file, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Adds or replaces one language's file; `false` if the event has no such document.
    pub async fn put_document_file(
        &self,
        slug: &str,
        id: &str,
        file: &NewFile,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let touched =
            sqlx::query("UPDATE documents SET updated_at = $3 WHERE id = $1 AND event_slug = $2")
                .bind(id)
                .bind(slug)
                .bind(timestamp(now))
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if touched == 0 {
            return Ok(false);
        }
        put_file(&mut tx, id, file, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Removes one language's file. `NotFound` if there is none; `Conflict` if it is the
    /// document's last (a document without files would list nothing to open).
    pub async fn remove_document_file(
        &self,
        slug: &str,
        id: &str,
        lang: Lang,
        last_file: &str,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let langs: Vec<String> = sqlx::query_scalar(
            "SELECT f.lang FROM document_files f JOIN documents d ON d.id = f.document_id
             WHERE d.id = $1 AND d.event_slug = $2",
        )
        .bind(id)
        .bind(slug)
        .fetch_all(&mut *tx)
        .await?;
        if !langs.iter().any(|l| l == lang.code()) {
            return Err(Error::NotFound);
        }
        if langs.len() == 1 {
            return Err(Error::Conflict(last_file.to_string()));
        }
        sqlx::query("DELETE FROM document_files WHERE document_id = $1 AND lang = $2")
            .bind(id)
            .bind(lang.code())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a document with its files; `false` if the event has no such document.
    pub async fn delete_document(&self, slug: &str, id: &str) -> Result<bool> {
        let deleted = sqlx::query("DELETE FROM documents WHERE id = $1 AND event_slug = $2")
            .bind(id)
            .bind(slug)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(deleted > 0)
    }

    /// One language's file with its bytes, or `None`.
    pub async fn document_file(
        &self,
        slug: &str,
        id: &str,
        lang: Lang,
    ) -> Result<Option<StoredFile>> {
        let row: Option<ServedRow> = sqlx::query_as(
            "SELECT d.session_id, f.content_type, f.filename, f.sha256, f.size
             FROM document_files f JOIN documents d ON d.id = f.document_id
             WHERE d.id = $1 AND d.event_slug = $2 AND f.lang = $3",
        )
        .bind(id)
        .bind(slug)
        .bind(lang.code())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(
            |(session_id, content_type, filename, sha256, size)| StoredFile {
                session_id,
                content_type,
                filename,
                sha256,
                size: u64::try_from(size).unwrap_or(0),
            },
        ))
    }

    /// `length` bytes of a stored file from byte `start` (0-based): the part a range asks for,
    /// or the whole file, read only once access and freshness are settled.
    pub async fn document_bytes(
        &self,
        id: &str,
        lang: Lang,
        start: u64,
        length: u64,
    ) -> Result<Vec<u8>> {
        let start = i64::try_from(start).unwrap_or(i64::MAX).saturating_add(1);
        let length = i64::try_from(length).unwrap_or(i64::MAX);
        Ok(sqlx::query_scalar(
            "SELECT substr(content, $3, $4) FROM document_files WHERE document_id = $1 AND lang = $2",
        )
        .bind(id)
        .bind(lang.code())
        .bind(start)
        .bind(length)
        .fetch_optional(&self.pool)
        .await?
        .unwrap_or_default())
    }
}

async fn put_file(
    tx: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    id: &str,
    file: &NewFile,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO document_files
             (document_id, lang, content_type, filename, size, sha256, content, uploaded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (document_id, lang) DO UPDATE SET content_type = $3, filename = $4,
             size = $5, sha256 = $6, content = $7, uploaded_at = $8",
    )
    .bind(id)
    .bind(file.lang.code())
    .bind(&file.content_type)
    .bind(&file.filename)
    .bind(i64::try_from(file.bytes.len()).unwrap_or(i64::MAX))
    .bind(&file.sha256)
    .bind(&file.bytes)
    .bind(timestamp(now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}
