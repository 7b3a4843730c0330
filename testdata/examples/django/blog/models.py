from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=100)
    email = models.EmailField(unique=True)
    joined = models.DateTimeField(auto_now_add=True)


class Tag(models.Model):
    label = models.SlugField(max_length=30, unique=True)


class Post(models.Model):
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="posts")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True, default="")
    price = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    published = models.BooleanField(default=False)
    tags = models.ManyToManyField(Tag, related_name="posts")

    class Meta:
        indexes = [models.Index(fields=["author", "title"], name="post_author_title")]
